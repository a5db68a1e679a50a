import * as iconv from 'iconv-lite';
import { resolveMonthDay, type IsoDate } from '../../../common/calendar';
import { isValidBillNumber } from '../../../common/check-digit';
import { mostFrequent } from '../konbini/konbini.fields';
import { garbled, lineError, missingHeaderRecord, missingTrailerRecord, trimSpaces } from '../parser-text';
import type { ControlCheck, FileSummary, LineError, ParseContext, ParseSession, PaymentRow, RecordOutcome, RecordParser, SourceRecord } from '../parser.types';

/**
 * `zengin-furikae`: 全銀協 預金口座振替 results (種別コード 91), 120-byte fixed length, CP932 (formats.md).
 * Groups of header `1`, data `2`…, trailer `8`, then one end record `9`. Each data record is one bill's
 * debit on the header's 引落日: 振替結果コード `0` is a payment, any other known code a debit that failed
 * (kept and counted, never a payment). The 預金者名 is personal data: only its first character is kept.
 */

const WIDTH = 120;

/** Byte range [start, end) of formats.md's 1-based, inclusive positions. */
type Range = readonly [number, number];
const at = (from: number, to: number): Range => [from - 1, to];

const RECORD_TYPE = at(1, 1);
const HEADER = { kind: at(2, 3), consignorCode: at(5, 14), debitDate: at(55, 58) };
const DATA = { payerName: at(51, 80), amount: at(81, 90), customerNo: at(92, 111), result: at(112, 112) };
/** 種別コード of 口座振替 (results). */
const FURIKAE_KIND = '91';

/** 振替結果コード: `0` 振替済; 1 資金不足, 2 取引なし, 3 預金者の都合, 4 依頼書なし, 8 委託者の都合, 9 その他. */
const DEBITED = '0';
const FAILED = new Set(['1', '2', '3', '4', '8', '9']);

type Measure = 'count' | 'amount';
type Bucket = 'all' | 'debited' | 'failed';
const TRAILER: { name: string; range: Range; bucket: Bucket; measure: Measure }[] = [
  { name: '合計件数', range: at(2, 7), bucket: 'all', measure: 'count' },
  { name: '合計金額', range: at(8, 19), bucket: 'all', measure: 'amount' },
  { name: '振替済件数', range: at(20, 25), bucket: 'debited', measure: 'count' },
  { name: '振替済金額', range: at(26, 37), bucket: 'debited', measure: 'amount' },
  { name: '振替不能件数', range: at(38, 43), bucket: 'failed', measure: 'count' },
  { name: '振替不能金額', range: at(44, 55), bucket: 'failed', measure: 'amount' },
];

/** A field as text. Nearly every field is ASCII, and reading those as latin1 is far cheaper than CP932. */
function text(bytes: Buffer, [start, end]: Range): string {
  const latin1 = bytes.toString('latin1', start, end);
  return /[^\x00-\x7f]/.test(latin1) ? iconv.decode(bytes.subarray(start, end), 'cp932') : latin1;
}

function notNumber(line: number, field: string, value: string): LineError {
  return lineError(line, field, `${field}が数字ではありません: ${value}`, `${field} is not a number: ${value}`);
}

/** A payer's name as keshikomi may keep it: the first character and `＊`; null when there is none. */
export function maskPayerName(name: string): string | null {
  const first = Array.from(trimSpaces(name))[0];
  return first ? `${first}＊` : null;
}

/**
 * The record's text with its 預金者名 masked, for the import lines: a name never reaches the database whole.
 * Any record that starts as a data record is masked where the name would be, even when its length is wrong.
 */
export function redactFurikaeRaw(rec: SourceRecord): string {
  const bytes = rec.bytes;
  const [start, end] = DATA.payerName;
  if (!bytes || text(bytes, RECORD_TYPE) !== '2' || bytes.length <= start) return rec.raw;
  const width = Math.min(end, bytes.length) - start;
  const encoded = iconv.encode(maskPayerName(text(bytes, [start, start + width])) ?? '', 'cp932');
  const masked = encoded.length <= width ? Buffer.concat([encoded, Buffer.alloc(width - encoded.length, 0x20)]) : Buffer.alloc(width, 0x2a);
  return iconv.decode(Buffer.concat([bytes.subarray(0, start), masked, bytes.subarray(start + width)]), 'cp932');
}

interface Group {
  /** 1-based, in file order: names the group's controls when the file has several. */
  index: number;
  /** The header's line, or the first record's when the header is missing. */
  startLine: number;
  /** 委託者コード */
  providerCode: string | null;
  /** The header's 引落日 with its year; null when there is no header. */
  debitDate: IsoDate | null;
  totals: Record<Bucket, Record<Measure, number>>;
}

class ZenginFurikaeSession implements ParseSession<PaymentRow> {
  private records = 0;
  private groups = 0;
  private group: Group | null = null;
  private endSeen = false;
  private afterEnd: { firstLine: number; count: number } | null = null;
  /** Once the file is refused, so is every later record (a streaming caller may not stop at once). */
  private refusal: RecordOutcome<PaymentRow> | null = null;
  private readonly controls: (ControlCheck & { group: number })[] = [];
  private readonly issues: LineError[] = [];
  private readonly providerCodes: string[] = [];
  /** Debits seen per key in this file: a bill debited twice on one day is two debits (`#2`), not one. */
  private readonly seen = new Map<string, number>();

  constructor(private readonly ctx: ParseContext) {}

  record(rec: SourceRecord): RecordOutcome<PaymentRow> {
    if (this.refusal) return this.refusal;
    this.records++;
    const bytes = rec.bytes ?? Buffer.alloc(0);
    const type = text(bytes, RECORD_TYPE);
    const refusal = this.refusalOf(bytes, type, rec.raw);
    if (refusal) {
      this.refusal = { kind: 'refuse', message: refusal };
      return this.refusal;
    }
    if (this.endSeen) {
      this.afterEnd ??= { firstLine: rec.line, count: 0 };
      this.afterEnd.count++;
    }
    if (bytes.length !== WIDTH) {
      return this.reject(
        lineError(rec.line, 'レコード長', `レコード長が120バイトではありません: ${bytes.length}バイト`, `expected 120 bytes, got ${bytes.length}`),
      );
    }
    switch (type) {
      case '1':
        return this.header(bytes, rec.line);
      case '2':
        return this.data(bytes, rec.line);
      case '8':
        return this.trailer(bytes, rec.line);
      case '9':
        return this.end();
      default:
        return this.reject(lineError(rec.line, 'レコード区分', `レコード区分が不正です: ${type}`, `unknown レコード区分: ${type}`));
    }
  }

  finish(): FileSummary {
    if (this.group) this.closeWithoutTrailer(this.group);
    if (this.groups === 0) this.issues.push(lineError(null, 'ヘッダーレコード', 'ヘッダーレコードがありません', 'header record missing'));
    if (!this.endSeen) this.issues.push(lineError(null, 'エンドレコード', 'エンドレコードがありません', 'end record missing'));
    if (this.afterEnd) {
      const { firstLine, count } = this.afterEnd;
      this.issues.push(
        lineError(firstLine, 'エンドレコード', `エンドレコードの後にレコードがあります: ${count}件`, `${count} record(s) after the end record`),
      );
    }
    // Control names carry the group number only when the file has several groups.
    const controls = this.controls.map(({ group, ...check }) => ({ ...check, name: this.groups > 1 ? `${check.name} #${group}` : check.name }));
    return { controlIssues: this.issues, controls, providerCode: mostFrequent(this.providerCodes), dataCreatedOn: null };
  }

  /**
   * A header of another 種別コード, or a first record that is no 全銀 record at all, means the file is
   * something else (a 収納データ, a CSV): refuse it rather than reject every line.
   */
  private refusalOf(bytes: Buffer, type: string, raw: string): string | null {
    const expected = 'zengin-furikae（全銀 口座振替結果, 種別コード 91, 120バイト固定長）';
    const expectedEn = 'zengin-furikae (全銀 account transfer results, 種別コード 91, 120-byte fixed length)';
    if (type === '1') {
      const kind = text(bytes, HEADER.kind);
      if (kind === FURIKAE_KIND) return null;
      return `ヘッダーレコードの種別コードが91ではありません: ${kind}。${expected}のファイルではありません / the header's 種別コード is not 91: ${kind}; this is not a ${expectedEn} file`;
    }
    if (this.records === 1 && !['2', '8', '9'].includes(type)) {
      const start = Array.from(raw).slice(0, 20).join('');
      return `1件目のレコードが全銀形式のレコードではありません: ${start}…。${expected}のファイルではありません / the first record is not a 全銀 record: ${start}…; this is not a ${expectedEn} file`;
    }
    return null;
  }

  private reject(...errors: LineError[]): RecordOutcome<PaymentRow> {
    return { kind: 'rejected', errors };
  }

  private header(bytes: Buffer, line: number): RecordOutcome<PaymentRow> {
    // 引落日 has no year: the latest such day not after the day the file arrived.
    const mmdd = text(bytes, HEADER.debitDate);
    const debitDate = resolveMonthDay(mmdd, this.ctx.receivedOn);
    if (!debitDate) return this.reject(lineError(line, '引落日', `引落日が月日（MMDD）ではありません: ${mmdd}`, `引落日 is not a month and day (MMDD): ${mmdd}`));
    if (this.group) this.closeWithoutTrailer(this.group);
    const providerCode = trimSpaces(text(bytes, HEADER.consignorCode)) || null;
    if (providerCode) this.providerCodes.push(providerCode);
    this.group = this.newGroup(line, providerCode, debitDate);
    return { kind: 'control' };
  }

  private data(bytes: Buffer, line: number): RecordOutcome<PaymentRow> {
    const amountText = text(bytes, DATA.amount);
    const customerNo = text(bytes, DATA.customerNo);
    const resultCode = text(bytes, DATA.result);
    // Bytes that are no CP932 character: name the encoding, not a field that merely looks wrong.
    const read: [field: string, value: string][] = [['引落金額', amountText], ['顧客番号', customerNo], ['振替結果コード', resultCode]];
    const unreadable = read.filter(([, value]) => value.includes('\uFFFD'));
    if (unreadable.length) return this.reject(...unreadable.map(([field, value]) => garbled(line, field, value)));

    const errors: LineError[] = [];
    const amount = /^\d{10}$/.test(amountText) ? Number(amountText) : 0;
    if (amount <= 0) {
      errors.push(lineError(line, '引落金額', `引落金額が正の整数ではありません: ${amountText}`, `引落金額 is not a positive whole number: ${amountText}`));
    }
    if (!/^\d{20}$/.test(customerNo)) {
      errors.push(lineError(line, '顧客番号', `顧客番号が20桁の数字ではありません: ${customerNo}`, `顧客番号 is not 20 digits: ${customerNo}`));
    }
    if (resultCode !== DEBITED && !FAILED.has(resultCode)) {
      errors.push(lineError(line, '振替結果コード', `振替結果コードが不正です: ${resultCode}`, `unknown 振替結果コード: ${resultCode}`));
    }
    const group = this.group ?? this.openWithoutHeader(line);
    if (!group.debitDate) {
      errors.push(lineError(line, '引落日', '引落日が分かりません（ヘッダーレコードがありません）', '引落日 unknown (no header record)'));
    }
    if (errors.length || !group.debitDate) return this.reject(...errors);

    const debited = resultCode === DEBITED;
    group.totals.all.count++;
    group.totals.all.amount += amount;
    group.totals[debited ? 'debited' : 'failed'].count++;
    group.totals[debited ? 'debited' : 'failed'].amount += amount;

    // 顧客番号 is `0000` + 納付番号. Any other number is kept, with a reference that cannot match.
    const billNumber = customerNo.slice(4);
    const wellFormed = customerNo.startsWith('0000');
    const warnings: LineError[] = [];
    if (!wellFormed) {
      warnings.push(
        lineError(line, '顧客番号', `顧客番号が0000で始まりません: ${customerNo}（納付番号として照合できません）`, `顧客番号 does not start with 0000: ${customerNo} (cannot be matched as a 納付番号)`),
      );
    }
    const base = `furikae:${billNumber}:${group.debitDate.replace(/-/g, '')}`;
    const nth = (this.seen.get(base) ?? 0) + 1;
    this.seen.set(base, nth);
    if (nth > 1) {
      warnings.push(
        lineError(
          line,
          '顧客番号',
          `同じ顧客番号・引落日の振替がこのファイルで${nth}件目です（別の振替として取り込みます）`,
          `debit #${nth} in this file with the same 顧客番号 and 引落日 (imported as a debit of its own)`,
        ),
      );
    }
    const row: PaymentRow = {
      municipalityCode: this.ctx.municipalityCode,
      kind: debited ? 'final' : 'failed_debit',
      pairingKey: nth > 1 ? `${base}#${nth}` : base,
      channel: 'direct_debit',
      providerCode: group.providerCode,
      billNumber,
      referenceValid: wellFormed && isValidBillNumber(billNumber),
      paymentRef: null,
      paidOn: group.debitDate,
      paidTime: null,
      amount,
      depositDueOn: null,
      expectsPreliminary: false,
      categoryCode: null,
      resultCode,
      payerNameMasked: maskPayerName(text(bytes, DATA.payerName)),
    };
    return { kind: 'row', row, warnings: warnings.length ? warnings : undefined };
  }

  private trailer(bytes: Buffer, line: number): RecordOutcome<PaymentRow> {
    const values = TRAILER.map((control) => ({ ...control, value: text(bytes, control.range) }));
    const errors = values.filter(({ value }) => !/^\d+$/.test(value)).map(({ name, value }) => notNumber(line, name, value));
    if (errors.length) return this.reject(...errors);
    const group = this.group ?? this.openWithoutHeader(line);
    for (const { name, bucket, measure, value } of values) {
      const expected = Number(value);
      const actual = group.totals[bucket][measure];
      this.controls.push({ group: group.index, name, expected, actual });
      if (expected !== actual) {
        this.issues.push(
          lineError(
            line,
            name,
            `${name}がデータレコードの合計と一致しません: トレーラー ${expected}, データ ${actual}`,
            `${name} does not match the data records: trailer ${expected}, records ${actual}`,
          ),
        );
      }
    }
    this.group = null;
    return { kind: 'control' };
  }

  private end(): RecordOutcome<PaymentRow> {
    if (this.group) this.closeWithoutTrailer(this.group);
    this.endSeen = true;
    return { kind: 'control' };
  }

  private newGroup(startLine: number, providerCode: string | null, debitDate: IsoDate | null): Group {
    const zero = () => ({ count: 0, amount: 0 });
    return { index: ++this.groups, startLine, providerCode, debitDate, totals: { all: zero(), debited: zero(), failed: zero() } };
  }

  private openWithoutHeader(line: number): Group {
    this.issues.push(missingHeaderRecord(line));
    this.group = this.newGroup(line, null, null);
    return this.group;
  }

  private closeWithoutTrailer(group: Group): void {
    const { startLine } = group;
    this.issues.push(missingTrailerRecord(startLine));
    for (const { name, bucket, measure } of TRAILER) {
      this.controls.push({ group: group.index, name, expected: null, actual: group.totals[bucket][measure] });
    }
    this.group = null;
  }
}

export const zenginFurikaeParser: RecordParser<PaymentRow> = {
  format: 'zengin-furikae',
  framing: { kind: 'fixed', width: WIDTH },
  target: 'payments',
  start: (ctx) => new ZenginFurikaeSession(ctx),
  redactRaw: redactFurikaeRaw,
};
