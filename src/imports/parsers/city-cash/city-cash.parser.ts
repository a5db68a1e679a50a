import { parseYmd } from '../../../common/calendar';
import { garbled, headerNames, lineError, noHeaderRow, trimSpaces, wrongColumnCount } from '../parser-text';
import type { CounterReceiptRow, FileSummary, LineError, ParseContext, ParseSession, RecordOutcome, RecordParser, SourceRecord } from '../parser.types';

/**
 * `city-cash`: 窓口収納日計, the city-hall counter register (formats.md), CSV in CP932 or UTF-8. Each row
 * is both a charge and its receipt (随時収入): a `現金` row settles itself, a `QR` row expects the QR
 * provider's transaction (`qr-counter`) with the same 取引番号. `取消区分 1` voids the row with the same
 * 受付番号. Rows go to the register, not to payments.
 */

export const CITY_CASH_COLUMNS = ['受付番号', '受付日時', '窓口コード', '科目コード', '件数', '金額', '支払方法', 'QR取引番号', '取消区分'] as const;
type Column = (typeof CITY_CASH_COLUMNS)[number];
const AT = Object.fromEntries(CITY_CASH_COLUMNS.map((name, i) => [name, i])) as Record<Column, number>;

/** Every column makes the row: a mis-decoded character in any of them rejects the line. */
const USED: readonly Column[] = CITY_CASH_COLUMNS;

const METHODS: Record<string, CounterReceiptRow['method']> = { 現金: 'cash', QR: 'qr' };
const VOID_FLAGS: Record<string, boolean> = { '0': false, '1': true };

/** A positive whole number, or null. */
function readPositive(text: string): number | null {
  const value = Number(text);
  return /^\d+$/.test(text) && value > 0 && Number.isSafeInteger(value) ? value : null;
}

/** `YYYY/MM/DD HH:MM:SS` (Tokyo) → the day and the time; null when either is not real. */
function parseDateTime(text: string): { date: string; time: string } | null {
  const match = /^(\d{4})\/(\d{2})\/(\d{2}) (([01]\d|2[0-3]):[0-5]\d:[0-5]\d)$/.exec(text);
  const date = match && parseYmd(`${match[1]}${match[2]}${match[3]}`);
  return match && date ? { date, time: match[4] } : null;
}

class CityCashSession implements ParseSession<CounterReceiptRow> {
  private headerSeen = false;
  /** Once the header is refused, so is every later record (a streaming caller may not stop at once). */
  private refusal: RecordOutcome<CounterReceiptRow> | null = null;

  constructor(private readonly ctx: ParseContext) {}

  record(rec: SourceRecord): RecordOutcome<CounterReceiptRow> {
    const fields = (rec.fields ?? []).map(trimSpaces);
    if (this.refusal) return this.refusal;
    if (!this.headerSeen) {
      this.headerSeen = true;
      return this.header(fields);
    }
    if (fields.length !== CITY_CASH_COLUMNS.length) {
      return {
        kind: 'rejected',
        errors: [wrongColumnCount(rec.line, CITY_CASH_COLUMNS.length, fields.length)],
      };
    }
    return this.data(fields, rec.line);
  }

  finish(): FileSummary {
    return {
      controlIssues: this.headerSeen ? [] : [noHeaderRow()],
      controls: [],
      providerCode: null,
      dataCreatedOn: null,
    };
  }

  private header(fields: string[]): RecordOutcome<CounterReceiptRow> {
    const names = headerNames(fields);
    const matches = names.length === CITY_CASH_COLUMNS.length && CITY_CASH_COLUMNS.every((name, i) => names[i] === name);
    if (matches) return { kind: 'control' };
    const expected = CITY_CASH_COLUMNS.join(',');
    this.refusal = {
      kind: 'refuse',
      message:
        `1行目が city-cash（窓口収納日計）のヘッダー行ではありません（${names.length}列）。必要な${CITY_CASH_COLUMNS.length}列: ${expected}` +
        ` / the first line is not the city-cash (counter register) header (${names.length} columns); expected the ${CITY_CASH_COLUMNS.length} columns: ${expected}`,
    };
    return this.refusal;
  }

  private data(fields: string[], line: number): RecordOutcome<CounterReceiptRow> {
    const get = (column: Column): string => fields[AT[column]];
    // A line that was not decoded right cannot be trusted field by field: name the encoding, nothing else.
    const unreadable = USED.filter((column) => get(column).includes('\uFFFD'));
    if (unreadable.length) return { kind: 'rejected', errors: unreadable.map((column) => garbled(line, column, get(column))) };

    const errors: LineError[] = [];
    const warnings: LineError[] = [];
    const fail = (field: Column, ja: string, en: string) => errors.push(lineError(line, field, ja, en));

    const receiptNo = get('受付番号');
    if (!receiptNo) fail('受付番号', '受付番号がありません', '受付番号 is empty');

    const receivedText = get('受付日時');
    const received = parseDateTime(receivedText);
    if (!received) fail('受付日時', `受付日時が「YYYY/MM/DD HH:MM:SS」の日時ではありません: ${receivedText}`, `受付日時 is not a YYYY/MM/DD HH:MM:SS date-time: ${receivedText}`);

    const counterCode = get('窓口コード');
    if (!counterCode) fail('窓口コード', '窓口コードがありません', '窓口コード is empty');

    const categoryCode = get('科目コード');
    if (!/^\d{2}$/.test(categoryCode)) {
      fail('科目コード', `科目コードが2桁の数字ではありません: ${categoryCode}`, `科目コード is not 2 digits: ${categoryCode}`);
    } else if (!this.ctx.categories.has(categoryCode)) {
      fail('科目コード', `科目コードが登録されていません: ${categoryCode}`, `unknown 科目コード: ${categoryCode}`);
    }

    const quantityText = get('件数');
    const quantity = readPositive(quantityText);
    if (quantity === null) fail('件数', `件数が正の整数ではありません: ${quantityText}`, `件数 is not a positive whole number: ${quantityText}`);

    const amountText = get('金額');
    const amount = readPositive(amountText);
    if (amount === null) fail('金額', `金額が正の整数ではありません: ${amountText}`, `金額 is not a positive whole number: ${amountText}`);

    const methodText = get('支払方法');
    const method = Object.hasOwn(METHODS, methodText) ? METHODS[methodText] : null;
    if (!method) fail('支払方法', `支払方法が「現金」「QR」のどちらでもありません: ${methodText}`, `支払方法 is neither 現金 nor QR: ${methodText}`);

    // A QR row is matched to the provider's transaction by this number; a cash row has none.
    const qrText = get('QR取引番号');
    if (method === 'qr' && !qrText) fail('QR取引番号', 'QRの行にQR取引番号がありません', 'QR取引番号 is empty on a QR line');
    if (method === 'cash' && qrText) {
      warnings.push(lineError(line, 'QR取引番号', `現金の行にQR取引番号があります: ${qrText}（無視します）`, `QR取引番号 on a 現金 line: ${qrText} (ignored)`));
    }

    const flag = get('取消区分');
    const voids = Object.hasOwn(VOID_FLAGS, flag) ? VOID_FLAGS[flag] : null;
    if (voids === null) fail('取消区分', `取消区分が不正です: ${flag}`, `unknown 取消区分: ${flag}`);

    if (errors.length || !received || quantity === null || amount === null || !method || voids === null) return { kind: 'rejected', errors };
    const row: CounterReceiptRow = {
      municipalityCode: this.ctx.municipalityCode,
      receiptNo,
      receivedOn: received.date,
      receivedTime: received.time,
      counterCode,
      categoryCode,
      quantity,
      amount,
      method,
      qrTransactionId: method === 'qr' ? qrText : null,
      voids,
    };
    return { kind: 'row', row, warnings: warnings.length ? warnings : undefined };
  }
}

export const cityCashParser: RecordParser<CounterReceiptRow> = {
  format: 'city-cash',
  framing: { kind: 'csv' },
  target: 'register',
  start: (ctx) => new CityCashSession(ctx),
};
