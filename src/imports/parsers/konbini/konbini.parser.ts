import * as iconv from 'iconv-lite';
import { parseYmd, type IsoDate } from '../../../common/calendar';
import type {
  ControlCheck,
  FileSummary,
  LineError,
  ParseContext,
  ParseSession,
  PaymentRecordKind,
  PaymentRow,
  RecordOutcome,
  RecordParser,
  SourceRecord,
} from '../parser.types';
import { konbiniPairingKey, lookupCvs, mostFrequent, parseHhmm, readBarcode } from './konbini.fields';
import { lineError, missingHeaderRecord, missingTrailerRecord, notDate, trimSpaces } from '../parser-text';

/**
 * `konbini`: 収納代行 収納データ, 120-byte fixed length, CP932 (formats.md). Groups of header `1`,
 * data `2`…, trailer `8`, then one end record `9`. A record that is rejected takes no part in the
 * file's structure: a rejected header opens no group, a rejected trailer closes none.
 */

const WIDTH = 120;

/** Byte range [start, end) of formats.md's 1-based, inclusive positions. */
type Range = readonly [number, number];
const at = (from: number, to: number): Range => [from - 1, to];

const RECORD_TYPE = at(1, 1);
const HEADER = { dataCreatedOn: at(2, 9), providerCode: at(10, 14), municipalityCode: at(60, 65) };
const DATA = {
  kind: at(2, 3),
  paidOn: at(4, 11),
  paidTime: at(12, 15),
  barcode: at(17, 60),
  // Barcode positions 1–37 and 44; 38–43 (支払金額) is checked on its own so its error names it.
  barcodeHead: at(17, 53),
  amount: at(54, 59),
  barcodeCheck: at(60, 60),
  storeCode: at(64, 70),
  depositDueOn: at(81, 88),
  cvsCode: at(97, 102),
};
const END = { totalRecords: at(2, 7) };

type DataKind = '01' | '02' | '03';
const KINDS: Record<DataKind, PaymentRecordKind> = { '01': 'preliminary', '02': 'final', '03': 'cancel' };

const TRAILER: { name: string; range: Range; kind: DataKind; measure: 'count' | 'amount' }[] = [
  { name: '速報件数', range: at(2, 7), kind: '01', measure: 'count' },
  { name: '速報金額', range: at(8, 19), kind: '01', measure: 'amount' },
  { name: '確報件数', range: at(20, 25), kind: '02', measure: 'count' },
  { name: '確報金額', range: at(26, 37), kind: '02', measure: 'amount' },
  { name: '取消件数', range: at(38, 43), kind: '03', measure: 'count' },
  { name: '取消金額', range: at(44, 55), kind: '03', measure: 'amount' },
];

/** A field as text. Nearly every field is ASCII, and reading those as latin1 is far cheaper than CP932. */
function text(bytes: Buffer, [start, end]: Range): string {
  const latin1 = bytes.toString('latin1', start, end);
  return /[^\x00-\x7f]/.test(latin1) ? iconv.decode(bytes.subarray(start, end), 'cp932') : latin1;
}

function notNumber(line: number, field: string, value: string): LineError {
  return lineError(line, field, `${field}が数字ではありません: ${value}`, `${field} is not a number: ${value}`);
}

interface Group {
  /** 1-based, in file order: names the group's controls when the file has several. */
  index: number;
  /** The header's line, or the first record's when the header is missing. */
  startLine: number;
  providerCode: string | null;
  municipalityCode: string;
  totals: Record<DataKind, { count: number; amount: number }>;
}

interface GroupControl extends ControlCheck {
  group: number;
}

class KonbiniSession implements ParseSession<PaymentRow> {
  private records = 0;
  private groups = 0;
  private group: Group | null = null;
  private endSeen = false;
  private afterEnd: { firstLine: number; count: number } | null = null;
  private readonly controls: GroupControl[] = [];
  private readonly issues: LineError[] = [];
  private readonly providerCodes: string[] = [];
  private dataCreatedOn: IsoDate | null = null;

  constructor(private readonly ctx: ParseContext) {}

  record(rec: SourceRecord): RecordOutcome<PaymentRow> {
    this.records++;
    if (this.endSeen) {
      this.afterEnd ??= { firstLine: rec.line, count: 0 };
      this.afterEnd.count++;
    }
    const bytes = rec.bytes ?? Buffer.alloc(0);
    if (bytes.length !== WIDTH) {
      return this.reject(
        lineError(rec.line, 'レコード長', `レコード長が120バイトではありません: ${bytes.length}バイト`, `expected 120 bytes, got ${bytes.length}`),
      );
    }
    const type = text(bytes, RECORD_TYPE);
    switch (type) {
      case '1':
        return this.header(bytes, rec.line);
      case '2':
        return this.data(bytes, rec.line);
      case '8':
        return this.trailer(bytes, rec.line);
      case '9':
        return this.end(bytes, rec.line);
      default:
        return this.reject(lineError(rec.line, 'レコード区分', `レコード区分が不正です: ${type}`, `unknown レコード区分: ${type}`));
    }
  }

  finish(): FileSummary {
    if (this.group) this.closeWithoutTrailer(this.group);
    if (!this.endSeen) {
      this.issues.push(lineError(null, 'エンドレコード', 'エンドレコードがありません', 'end record missing'));
      this.controls.push({ group: 0, name: '総レコード数', expected: null, actual: this.records });
    }
    if (this.afterEnd) {
      const { firstLine, count } = this.afterEnd;
      this.issues.push(
        lineError(firstLine, 'エンドレコード', `エンドレコードの後にレコードがあります: ${count}件`, `${count} record(s) after the end record`),
      );
    }
    // Control names carry the group number only when the file has several groups.
    const controls = this.controls.map(({ group, ...check }) => ({
      ...check,
      name: this.groups > 1 && group > 0 ? `${check.name} #${group}` : check.name,
    }));
    return {
      controlIssues: this.issues,
      controls,
      providerCode: mostFrequent(this.providerCodes),
      dataCreatedOn: this.dataCreatedOn,
    };
  }

  private reject(...errors: LineError[]): RecordOutcome<PaymentRow> {
    return { kind: 'rejected', errors };
  }

  private header(bytes: Buffer, line: number): RecordOutcome<PaymentRow> {
    const createdText = text(bytes, HEADER.dataCreatedOn);
    const createdOn = parseYmd(createdText);
    if (!createdOn) return this.reject(notDate(line, 'データ作成日', createdText));
    if (this.group) this.closeWithoutTrailer(this.group);
    const providerCode = trimSpaces(text(bytes, HEADER.providerCode)) || null;
    const municipalityCode = text(bytes, HEADER.municipalityCode);
    this.group = this.newGroup(line, providerCode, /^\d{6}$/.test(municipalityCode) ? municipalityCode : this.ctx.municipalityCode);
    if (providerCode) this.providerCodes.push(providerCode);
    if (!this.dataCreatedOn || createdOn > this.dataCreatedOn) this.dataCreatedOn = createdOn;
    return { kind: 'control' };
  }

  private data(bytes: Buffer, line: number): RecordOutcome<PaymentRow> {
    const errors: LineError[] = [];
    const kindText = text(bytes, DATA.kind);
    if (!Object.hasOwn(KINDS, kindText)) errors.push(lineError(line, 'データ種別', `データ種別が不正です: ${kindText}`, `unknown データ種別: ${kindText}`));
    const paidYmd = text(bytes, DATA.paidOn);
    const paidOn = parseYmd(paidYmd);
    if (!paidOn) errors.push(notDate(line, '収納日', paidYmd));
    const hhmm = text(bytes, DATA.paidTime);
    const paidTime = parseHhmm(hhmm);
    if (!paidTime) errors.push(lineError(line, '収納時刻', `収納時刻が時刻ではありません: ${hhmm}`, `収納時刻 is not a valid time: ${hhmm}`));
    const barcodeText = text(bytes, DATA.barcode);
    if (!/^\d{37}$/.test(text(bytes, DATA.barcodeHead)) || !/^\d$/.test(text(bytes, DATA.barcodeCheck))) {
      errors.push(
        lineError(line, 'バーコード情報', `バーコード情報が44桁の数字ではありません: ${barcodeText}`, `バーコード情報 is not 44 digits: ${barcodeText}`),
      );
    }
    const amountText = text(bytes, DATA.amount);
    if (!/^\d{6}$/.test(amountText)) errors.push(notNumber(line, '支払金額', amountText));
    const depositText = text(bytes, DATA.depositDueOn);
    const depositDueOn = depositText === '00000000' ? null : parseYmd(depositText);
    if (depositText !== '00000000' && !depositDueOn) errors.push(notDate(line, '振込予定日', depositText));
    if (errors.length || !paidOn || !paidTime) return this.reject(...errors);

    const kind = kindText as DataKind;
    const group = this.group ?? this.openWithoutHeader(line);
    const barcode = readBarcode(barcodeText);
    const storeCode = trimSpaces(text(bytes, DATA.storeCode));
    const cvs = lookupCvs(text(bytes, DATA.cvsCode), line, 'CVSコード', this.ctx);
    group.totals[kind].count++;
    group.totals[kind].amount += barcode.amount;
    const row: PaymentRow = {
      municipalityCode: group.municipalityCode,
      kind: KINDS[kind],
      pairingKey: konbiniPairingKey(barcode.digits, paidYmd, hhmm, storeCode),
      channel: cvs.channel,
      providerCode: group.providerCode,
      billNumber: barcode.billNumber,
      referenceValid: barcode.referenceValid,
      paymentRef: barcode.digits,
      paidOn,
      paidTime,
      amount: barcode.amount,
      // 振込予定日 belongs to the 確報; 速報 and 取消 carry zeros there.
      depositDueOn: kind === '02' ? depositDueOn : null,
      expectsPreliminary: true,
      cvsCode: cvs.cvsCode,
      storeCode,
    };
    return { kind: 'row', row, warnings: cvs.warning ? [cvs.warning] : undefined };
  }

  private trailer(bytes: Buffer, line: number): RecordOutcome<PaymentRow> {
    const values = TRAILER.map((control) => ({ ...control, value: text(bytes, control.range) }));
    const errors = values.filter(({ value }) => !/^\d+$/.test(value)).map(({ name, value }) => notNumber(line, name, value));
    if (errors.length) return this.reject(...errors);
    const group = this.group ?? this.openWithoutHeader(line);
    for (const { name, kind, measure, value } of values) {
      const expected = Number(value);
      const actual = group.totals[kind][measure];
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

  private end(bytes: Buffer, line: number): RecordOutcome<PaymentRow> {
    const totalText = text(bytes, END.totalRecords);
    if (!/^\d+$/.test(totalText)) return this.reject(notNumber(line, '総レコード数', totalText));
    if (this.group) this.closeWithoutTrailer(this.group);
    // A second end record is only a record after the end: the first one's count stands.
    if (this.endSeen) return { kind: 'control' };
    this.endSeen = true;
    const expected = Number(totalText);
    this.controls.push({ group: 0, name: '総レコード数', expected, actual: this.records });
    if (expected !== this.records) {
      this.issues.push(
        lineError(
          line,
          '総レコード数',
          `総レコード数がファイルのレコード数と一致しません: エンドレコード ${expected}, ファイル ${this.records}`,
          `総レコード数 does not match the records of the file: end record ${expected}, file ${this.records}`,
        ),
      );
    }
    return { kind: 'control' };
  }

  private newGroup(startLine: number, providerCode: string | null, municipalityCode: string): Group {
    return {
      index: ++this.groups,
      startLine,
      providerCode,
      municipalityCode,
      totals: { '01': { count: 0, amount: 0 }, '02': { count: 0, amount: 0 }, '03': { count: 0, amount: 0 } },
    };
  }

  private openWithoutHeader(line: number): Group {
    this.issues.push(missingHeaderRecord(line));
    this.group = this.newGroup(line, null, this.ctx.municipalityCode);
    return this.group;
  }

  private closeWithoutTrailer(group: Group): void {
    const { startLine } = group;
    this.issues.push(missingTrailerRecord(startLine));
    for (const { name, kind, measure } of TRAILER) {
      this.controls.push({ group: group.index, name, expected: null, actual: group.totals[kind][measure] });
    }
    this.group = null;
  }
}

export const konbiniParser: RecordParser<PaymentRow> = {
  format: 'konbini',
  framing: { kind: 'fixed', width: WIDTH },
  target: 'payments',
  start: (ctx) => new KonbiniSession(ctx),
};
