import { parseYmd } from '../../../common/calendar';
import { isValidBillNumber } from '../../../common/check-digit';
import { mostFrequent } from '../konbini/konbini.fields';
import { garbled, headerNames, lineError, noHeaderRow, notDate, readAmount, trimSpaces, wrongColumnCount } from '../parser-text';
import type { FileSummary, LineError, ParseContext, ParseSession, PaymentRow, RecordOutcome, RecordParser, SourceRecord } from '../parser.types';

/**
 * `bank-counter`: 指定金融機関 OCR 収納データ (formats.md), cash paid at a bank counter with the paper slip.
 * CSV in CP932 or UTF-8, a header row of 8 columns, no trailer. `取消区分 1` reverses the earlier row with
 * the same 納付番号, 収納日 and 金額; those three are the payment's key, since the file has no id of its own.
 */

export const BANK_COUNTER_COLUMNS = ['収納日', '金融機関コード', '支店コード', '納付番号', '科目コード', '金額', '払込日', '取消区分'] as const;
type Column = (typeof BANK_COUNTER_COLUMNS)[number];
const AT = Object.fromEntries(BANK_COUNTER_COLUMNS.map((name, i) => [name, i])) as Record<Column, number>;

/** The columns a row is made of: a mis-decoded character in any of them rejects the line. */
const USED: Column[] = ['収納日', '金融機関コード', '支店コード', '納付番号', '科目コード', '金額', '取消区分'];

const CANCEL_FLAGS: Record<string, PaymentRow['kind']> = { '0': 'final', '1': 'cancel' };

class BankCounterSession implements ParseSession<PaymentRow> {
  private headerSeen = false;
  /** Once the header is refused, so is every later record (a streaming caller may not stop at once). */
  private refusal: RecordOutcome<PaymentRow> | null = null;
  private readonly providerCodes: string[] = [];
  /**
   * Payments and 取消 seen in this file per key. Two slips of one bill paid at a bank on the same day for
   * the same amount are two payments (one of them a duplicate_payment), not one: the second gets `#2`.
   */
  private readonly seen = { final: new Map<string, number>(), cancel: new Map<string, number>() };

  constructor(private readonly ctx: ParseContext) {}

  record(rec: SourceRecord): RecordOutcome<PaymentRow> {
    const fields = (rec.fields ?? []).map(trimSpaces);
    if (this.refusal) return this.refusal;
    if (!this.headerSeen) {
      this.headerSeen = true;
      return this.header(fields);
    }
    if (fields.length !== BANK_COUNTER_COLUMNS.length) {
      return {
        kind: 'rejected',
        errors: [wrongColumnCount(rec.line, BANK_COUNTER_COLUMNS.length, fields.length)],
      };
    }
    return this.data(fields, rec.line);
  }

  finish(): FileSummary {
    return {
      controlIssues: this.headerSeen ? [] : [noHeaderRow()],
      controls: [],
      providerCode: mostFrequent(this.providerCodes),
      dataCreatedOn: null,
    };
  }

  private header(fields: string[]): RecordOutcome<PaymentRow> {
    const names = headerNames(fields);
    const matches = names.length === BANK_COUNTER_COLUMNS.length && BANK_COUNTER_COLUMNS.every((name, i) => names[i] === name);
    if (matches) return { kind: 'control' };
    const expected = BANK_COUNTER_COLUMNS.join(',');
    this.refusal = {
      kind: 'refuse',
      message:
        `1行目が bank-counter（指定金融機関 OCR 収納データ）のヘッダー行ではありません（${names.length}列）。必要な${BANK_COUNTER_COLUMNS.length}列: ${expected}` +
        ` / the first line is not the bank-counter (bank OCR payment data) header (${names.length} columns); expected the ${BANK_COUNTER_COLUMNS.length} columns: ${expected}`,
    };
    return this.refusal;
  }

  private data(fields: string[], line: number): RecordOutcome<PaymentRow> {
    const get = (column: Column): string => fields[AT[column]];
    // A line that was not decoded right cannot be trusted field by field: name the encoding, nothing else.
    const unreadable = USED.filter((column) => get(column).includes('\uFFFD'));
    if (unreadable.length) return { kind: 'rejected', errors: unreadable.map((column) => garbled(line, column, get(column))) };

    const errors: LineError[] = [];
    const fail = (field: Column, ja: string, en: string) => errors.push(lineError(line, field, ja, en));

    const paidYmd = get('収納日');
    const paidOn = parseYmd(paidYmd);
    if (!paidOn) errors.push(notDate(line, '収納日', paidYmd));

    const bankCode = get('金融機関コード');
    if (!/^\d{4}$/.test(bankCode)) fail('金融機関コード', `金融機関コードが4桁の数字ではありません: ${bankCode}`, `金融機関コード is not 4 digits: ${bankCode}`);

    const branchCode = get('支店コード');
    if (!/^\d{3}$/.test(branchCode)) fail('支店コード', `支店コードが3桁の数字ではありません: ${branchCode}`, `支店コード is not 3 digits: ${branchCode}`);

    const billNumber = get('納付番号');
    const digits = /^\d{16}$/.test(billNumber);
    if (!digits) fail('納付番号', `納付番号が16桁の数字ではありません: ${billNumber}`, `納付番号 is not 16 digits: ${billNumber}`);
    const referenceValid = digits && isValidBillNumber(billNumber);

    const categoryCode = get('科目コード');
    if (!/^\d{2}$/.test(categoryCode)) {
      fail('科目コード', `科目コードが2桁の数字ではありません: ${categoryCode}`, `科目コード is not 2 digits: ${categoryCode}`);
    } else {
      // Only a verified 納付番号 says which 科目 it belongs to.
      if (referenceValid && billNumber.slice(0, 2) !== categoryCode) {
        fail('科目コード', `科目コードが納付番号と一致しません: ${categoryCode}（納付番号 ${billNumber.slice(0, 2)}）`, `科目コード ${categoryCode} disagrees with 納付番号 (${billNumber.slice(0, 2)})`);
      }
      if (!this.ctx.categories.has(categoryCode)) fail('科目コード', `科目コードが登録されていません: ${categoryCode}`, `unknown 科目コード: ${categoryCode}`);
    }

    const amountText = get('金額');
    const amount = readAmount(amountText);
    if (amount === null) fail('金額', `金額が正の整数ではありません: ${amountText}`, `金額 is not a positive whole number: ${amountText}`);

    const flag = get('取消区分');
    const kind = Object.hasOwn(CANCEL_FLAGS, flag) ? CANCEL_FLAGS[flag] : null;
    if (!kind) fail('取消区分', `取消区分が不正です: ${flag}`, `unknown 取消区分: ${flag}`);

    if (errors.length || !paidOn || amount === null || !kind) return { kind: 'rejected', errors };

    const { pairingKey, repeat } = this.pairingKey(`bank:${billNumber}:${paidYmd}:${amount}`, kind);
    const warnings = repeat
      ? [
          lineError(
            line,
            '納付番号',
            `納付番号・収納日・金額が同じ収納がこのファイルで${repeat}件目です（別の収納として取り込みます）`,
            `payment #${repeat} in this file with the same 納付番号, 収納日 and 金額 (imported as a payment of its own)`,
          ),
        ]
      : undefined;
    this.providerCodes.push(bankCode);
    const row: PaymentRow = {
      municipalityCode: this.ctx.municipalityCode,
      kind,
      pairingKey,
      channel: 'bank_counter',
      providerCode: bankCode,
      billNumber,
      referenceValid,
      paymentRef: null,
      paidOn,
      paidTime: null,
      amount,
      depositDueOn: null,
      expectsPreliminary: false,
      storeCode: branchCode,
      categoryCode,
    };
    return { kind: 'row', row, warnings };
  }

  /**
   * The n-th payment of a key in this file is `<key>#n` (n ≥ 2), and so is the n-th 取消 of it: each 取消
   * reverses one payment, the first one first. A 取消 whose payment came in an earlier file takes the plain key.
   */
  private pairingKey(base: string, kind: PaymentRow['kind']): { pairingKey: string; repeat: number | null } {
    const counts = kind === 'cancel' ? this.seen.cancel : this.seen.final;
    const nth = (counts.get(base) ?? 0) + 1;
    counts.set(base, nth);
    if (nth === 1) return { pairingKey: base, repeat: null };
    return { pairingKey: `${base}#${nth}`, repeat: kind === 'cancel' ? null : nth };
  }
}

export const bankCounterParser: RecordParser<PaymentRow> = {
  format: 'bank-counter',
  framing: { kind: 'csv' },
  target: 'payments',
  start: (ctx) => new BankCounterSession(ctx),
};
