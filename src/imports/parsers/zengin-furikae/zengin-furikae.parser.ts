import * as iconv from 'iconv-lite';
import { resolveMonthDay, type IsoDate } from '../../../common/calendar';
import { isValidBillNumber } from '../../../common/check-digit';
import { at, fieldText as text, fillerError, FixedSession, GroupedFile, invalidHeader, type TrailerField } from '../fixed-width';
import { bilingual, lineError, mostFrequent, recordStart, trimSpaces, unreadable } from '../parser-text';
import type { FileSummary, LineError, ParseContext, PaymentRow, RecordOutcome, SourceRecord } from '../parser.types';
import { defineParser } from '../record-parser';

/**
 * `zengin-furikae`: 全銀協 預金口座振替 results (種別コード 91), 120-byte fixed length, CP932 (formats.md).
 * Groups of header `1`, data `2`…, trailer `8`, then one end record `9`. Each data record is one bill's
 * debit on the header's 引落日: 振替結果コード `0` is a payment, any other known code a debit that failed
 * (kept and counted, never a payment). The 預金者名 is personal data: only its first character is kept.
 * The file is refused whole when it is no 口座振替結果: it does not start with a header (the 引落日 lives
 * there), a header has another 種別コード or a コード区分 other than `0`, or it is the request (請求) itself.
 */

const WIDTH = 120;

const RECORD_TYPE = at(1, 1);
const HEADER = { kind: at(2, 3), codeType: at(4, 4), consignorCode: at(5, 14), debitDate: at(55, 58) };
const DATA = { payerName: at(51, 80), amount: at(81, 90), customerNo: at(92, 111), result: at(112, 112) };
const FILLER = { trailer: at(56, 120), end: at(2, 120) };
/** 種別コード of 口座振替 (results). */
const FURIKAE_KIND = '91';
/** コード区分 `0`: JIS (here CP932); `1` is EBCDIC, which keshikomi does not read. */
const JIS = '0';

/** 振替結果コード: `0` 振替済; 1 資金不足, 2 取引なし, 3 預金者の都合, 4 依頼書なし, 8 委託者の都合, 9 その他. */
const DEBITED = '0';
const FAILED = new Set(['1', '2', '3', '4', '8', '9']);

type Bucket = 'all' | 'debited' | 'failed';
const TRAILER: TrailerField<Bucket>[] = [
  { name: '合計件数', range: at(2, 7), bucket: 'all', measure: 'count' },
  { name: '合計金額', range: at(8, 19), bucket: 'all', measure: 'amount' },
  { name: '振替済件数', range: at(20, 25), bucket: 'debited', measure: 'count' },
  { name: '振替済金額', range: at(26, 37), bucket: 'debited', measure: 'amount' },
  { name: '振替不能件数', range: at(38, 43), bucket: 'failed', measure: 'count' },
  { name: '振替不能金額', range: at(44, 55), bucket: 'failed', measure: 'amount' },
];

/** The refusal of a file that is not 口座振替結果, saying why. */
function notResults(ja: string, en: string): RecordOutcome<PaymentRow> {
  return {
    kind: 'refuse',
    message: bilingual(
      `${ja}。zengin-furikae（全銀 口座振替結果, 種別コード 91, 120バイト固定長）のファイルではありません`,
      `${en}; this is not a zengin-furikae (全銀 account transfer results, 種別コード 91, 120-byte fixed length) file`,
    ),
  };
}

/** A payer's name as keshikomi may keep it: the first character and `＊`; null when there is none. */
export function maskPayerName(name: string): string | null {
  const first = Array.from(trimSpaces(name))[0];
  return first ? `${first}＊` : null;
}

/**
 * The record's bytes with its 預金者名 masked, for the import lines: a name never reaches the database whole.
 * Any record that starts as a data record is masked where the name would be, even when its length is wrong;
 * the length is kept.
 */
export function redactFurikaeRaw(rec: SourceRecord): Buffer {
  const { bytes } = rec;
  const [start, end] = DATA.payerName;
  if (text(bytes, RECORD_TYPE) !== '2' || bytes.length <= start) return bytes;
  const width = Math.min(end, bytes.length) - start;
  const encoded = iconv.encode(maskPayerName(text(bytes, [start, start + width])) ?? '', 'cp932');
  const masked = encoded.length <= width ? Buffer.concat([encoded, Buffer.alloc(width - encoded.length, 0x20)]) : Buffer.alloc(width, 0x2a);
  return Buffer.concat([bytes.subarray(0, start), masked, bytes.subarray(start + width)]);
}

/** What a header says of its group: 委託者コード and 引落日 (null for a group that lost its header). */
interface GroupInfo {
  providerCode: string | null;
  debitDate: IsoDate | null;
}

class ZenginFurikaeSession extends FixedSession<PaymentRow, GroupInfo, Bucket> {
  private readonly providerCodes: string[] = [];
  /** Data records (accepted or not) since the last header or trailer: a request file has some and counts none. */
  private dataRecords = 0;
  /** Debits seen per key in this file: a bill debited twice on one day is two debits (`#2`), not one. */
  private readonly seen = new Map<string, number>();

  constructor(private readonly ctx: ParseContext) {
    super(WIDTH, new GroupedFile(TRAILER, ['all', 'debited', 'failed'], () => ({ providerCode: null, debitDate: null })));
  }

  /**
   * Not a 口座振替結果 at all: a first record that is no header (no 引落日 to date the debits by), a header of
   * another 種別コード or in EBCDIC anywhere, a first header of the wrong width.
   */
  protected override screen(rec: SourceRecord, type: string, first: boolean): RecordOutcome<PaymentRow> | null {
    if (first && type !== '1') return this.noHeader(type, rec.raw);
    const foreign = type === '1' ? this.foreignHeader(rec.bytes) : null;
    if (foreign || !first || rec.size === WIDTH) return foreign;
    return notResults(
      `1件目のヘッダーレコードが${WIDTH}バイトではありません: ${rec.size}バイト`,
      `the first header record is not ${WIDTH} bytes: ${rec.size}`,
    );
  }

  override finish(): FileSummary {
    const { controlIssues, controls } = this.file.finish();
    return { controlIssues, controls, providerCode: mostFrequent(this.providerCodes), dataCreatedOn: null };
  }

  /** The first record is no header: no 引落日, so nothing to date the debits by (or no 全銀 file at all). */
  private noHeader(type: string, raw: string): RecordOutcome<PaymentRow> {
    const start = recordStart(raw);
    if (['2', '8', '9'].includes(type)) {
      return notResults(
        `1件目のレコードがヘッダーレコードではありません: ${start}…（引落日はヘッダーレコードにあります）`,
        `the first record is not a header record: ${start}… (the 引落日 lives in the header)`,
      );
    }
    return notResults(`1件目のレコードが全銀形式のレコードではありません: ${start}…`, `the first record is not a 全銀 record: ${start}…`);
  }

  /** A header of another 種別コード, or in EBCDIC, means the whole file is something else. */
  private foreignHeader(bytes: Buffer): RecordOutcome<PaymentRow> | null {
    const kind = text(bytes, HEADER.kind);
    if (kind !== FURIKAE_KIND)
      return notResults(`ヘッダーレコードの種別コードが91ではありません: ${kind}`, `the header's 種別コード is not 91: ${kind}`);
    const codeType = text(bytes, HEADER.codeType);
    if (codeType === JIS) return null;
    return notResults(
      `ヘッダーレコードのコード区分が0（JIS）ではありません: ${codeType}（1 は EBCDIC）`,
      `the header's コード区分 is not 0 (JIS): ${codeType} (1 is EBCDIC)`,
    );
  }

  private reject(...errors: LineError[]): RecordOutcome<PaymentRow> {
    return { kind: 'rejected', errors };
  }

  protected header(bytes: Buffer, line: number, first: boolean): RecordOutcome<PaymentRow> {
    // 引落日 has no year: the latest such day not after the day the file arrived.
    const mmdd = text(bytes, HEADER.debitDate);
    const debitDate = resolveMonthDay(mmdd, this.ctx.receivedOn);
    if (!debitDate) {
      const error = lineError(
        line,
        '引落日',
        `引落日が月日（MMDD）ではありません: ${mmdd}`,
        `引落日 is not a month and day (MMDD): ${mmdd}`,
      );
      return invalidHeader(first, error, mmdd, notResults);
    }
    const consignor = text(bytes, HEADER.consignorCode);
    const unreadableConsignor = unreadable(line, '委託者コード', consignor);
    if (unreadableConsignor) return invalidHeader(first, unreadableConsignor, consignor, notResults);
    const providerCode = trimSpaces(consignor) || null;
    if (providerCode) this.providerCodes.push(providerCode);
    this.file.open(line, { providerCode, debitDate });
    this.dataRecords = 0;
    return { kind: 'control' };
  }

  protected data(bytes: Buffer, line: number): RecordOutcome<PaymentRow> {
    this.dataRecords++;
    const amountText = text(bytes, DATA.amount);
    const customerNo = text(bytes, DATA.customerNo);
    const resultCode = text(bytes, DATA.result);
    const payerName = text(bytes, DATA.payerName);
    // Bytes that are no CP932 character, or control characters: name them, not a field that merely looks wrong.
    const read: [field: string, value: string][] = [
      ['預金者名', payerName],
      ['引落金額', amountText],
      ['顧客番号', customerNo],
      ['振替結果コード', resultCode],
    ];
    const unreadableFields = read.map(([field, value]) => unreadable(line, field, value)).filter((error) => error !== null);
    if (unreadableFields.length) return this.reject(...unreadableFields);
    const errors: LineError[] = [];
    const amount = /^\d{10}$/.test(amountText) ? Number(amountText) : 0;
    if (amount <= 0) {
      errors.push(
        lineError(
          line,
          '引落金額',
          `引落金額が正の整数ではありません: ${amountText}`,
          `引落金額 is not a positive whole number: ${amountText}`,
        ),
      );
    }
    if (!/^\d{20}$/.test(customerNo)) {
      errors.push(
        lineError(line, '顧客番号', `顧客番号が20桁の数字ではありません: ${customerNo}`, `顧客番号 is not 20 digits: ${customerNo}`),
      );
    }
    if (resultCode !== DEBITED && !FAILED.has(resultCode)) {
      errors.push(lineError(line, '振替結果コード', `振替結果コードが不正です: ${resultCode}`, `unknown 振替結果コード: ${resultCode}`));
    }
    const group = this.file.current(line);
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
        lineError(
          line,
          '顧客番号',
          `顧客番号が0000で始まりません: ${customerNo}（納付番号として照合できません）`,
          `顧客番号 does not start with 0000: ${customerNo} (cannot be matched as a 納付番号)`,
        ),
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
      incomeOn: group.debitDate,
      expectsPreliminary: false,
      categoryCode: null,
      resultCode,
      payerNameMasked: maskPayerName(payerName),
    };
    return { kind: 'row', row, warnings: warnings.length ? warnings : undefined };
  }

  protected trailer(bytes: Buffer, line: number): RecordOutcome<PaymentRow> {
    const read = this.file.readTrailer(line, bytes, FILLER.trailer);
    if ('errors' in read) return this.reject(...read.errors);
    const dataRecords = this.dataRecords;
    this.dataRecords = 0;
    if (dataRecords > 0 && read.figures.get('振替済件数') === 0 && read.figures.get('振替不能件数') === 0) {
      return {
        kind: 'refuse',
        message: bilingual(
          `依頼データです。結果データを取り込んでください（${line}行目のトレーラーレコードの振替済件数・振替不能件数がともに0で、データレコードが${dataRecords}件あります）`,
          `this is request data (口座振替請求), not results: import the result data` +
            ` (the trailer on line ${line} gives 振替済件数 and 振替不能件数 0 for ${dataRecords} data record(s))`,
        ),
      };
    }
    this.file.closeWithTrailer(line, read.figures);
    return { kind: 'control' };
  }

  protected end(bytes: Buffer, line: number): RecordOutcome<PaymentRow> {
    const filler = fillerError(line, bytes, FILLER.end);
    if (filler) return this.reject(filler);
    this.file.end();
    return { kind: 'control' };
  }
}

export const zenginFurikaeParser = defineParser<PaymentRow>({
  format: 'zengin-furikae',
  framing: { kind: 'fixed', width: WIDTH },
  target: 'payments',
  start: (ctx) => new ZenginFurikaeSession(ctx),
  redactRaw: redactFurikaeRaw,
});
