import { parseYmd, type IsoDate } from '../../../common/calendar';
import { at, fieldText as text, fillerError, FixedSession, GroupedFile, invalidHeader, type TrailerField } from '../fixed-width';
import type { FileSummary, LineError, ParseContext, PaymentRecordKind, PaymentRow, RecordOutcome } from '../parser.types';
import { konbiniPairingKey, lookupCvs, parseHhmm, readBarcode } from './konbini.fields';
import { bilingual, lineError, mostFrequent, notDate, notNumber, trimSpaces, unreadable } from '../parser-text';
import { defineParser } from '../record-parser';

/**
 * `konbini`: 収納代行 収納データ, 120-byte fixed length, CP932 (formats.md). Groups of header `1`,
 * data `2`…, trailer `8`, then one end record `9`. A record that is rejected takes no part in the
 * file's structure: a rejected header opens no group, a rejected trailer closes none. A first record that
 * has the header's type but is no header means another format (a 全銀 file): the file is refused whole.
 */

const WIDTH = 120;

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
const END = { totalRecords: at(2, 7), filler: at(8, 120) };
const TRAILER_FILLER = at(56, 120);

type DataKind = '01' | '02' | '03';
const KINDS: Record<DataKind, PaymentRecordKind> = { '01': 'preliminary', '02': 'final', '03': 'cancel' };

const TRAILER: TrailerField<DataKind>[] = [
  { name: '速報件数', range: at(2, 7), bucket: '01', measure: 'count' },
  { name: '速報金額', range: at(8, 19), bucket: '01', measure: 'amount' },
  { name: '確報件数', range: at(20, 25), bucket: '02', measure: 'count' },
  { name: '確報金額', range: at(26, 37), bucket: '02', measure: 'amount' },
  { name: '取消件数', range: at(38, 43), bucket: '03', measure: 'count' },
  { name: '取消金額', range: at(44, 55), bucket: '03', measure: 'amount' },
];

/** What a header says of its group; a group with no header has the context's municipality. */
interface GroupInfo {
  providerCode: string | null;
  municipalityCode: string;
}

/** The refusal of a file that is another format (a 全銀 file), saying why. */
function foreignFile(ja: string, en: string): RecordOutcome<PaymentRow> {
  return {
    kind: 'refuse',
    message: bilingual(
      `${ja}。konbini（収納代行 収納データ, 120バイト固定長）のファイルではありません`,
      `${en}; this is not a konbini (収納代行 payment data, 120-byte fixed length) file`,
    ),
  };
}

class KonbiniSession extends FixedSession<PaymentRow, GroupInfo, DataKind> {
  private readonly providerCodes: string[] = [];
  private dataCreatedOn: IsoDate | null = null;

  constructor(private readonly ctx: ParseContext) {
    super(WIDTH, new GroupedFile(TRAILER, ['01', '02', '03'], () => ({ providerCode: null, municipalityCode: ctx.municipalityCode })));
  }

  override finish(): FileSummary {
    const { controlIssues, controls } = this.file.finish({ name: '総レコード数', expected: null, actual: this.file.records });
    return { controlIssues, controls, providerCode: mostFrequent(this.providerCodes), dataCreatedOn: this.dataCreatedOn };
  }

  private reject(...errors: LineError[]): RecordOutcome<PaymentRow> {
    return { kind: 'rejected', errors };
  }

  protected header(bytes: Buffer, line: number, first: boolean): RecordOutcome<PaymentRow> {
    const createdText = text(bytes, HEADER.dataCreatedOn);
    // A データ作成日 of this century: in a 全銀 header these bytes hold 種別コード 91 or 03, no date.
    const createdOn = createdText.startsWith('20') ? parseYmd(createdText) : null;
    if (!createdOn) return invalidHeader(first, notDate(line, 'データ作成日', createdText), createdText, foreignFile);
    const providerText = text(bytes, HEADER.providerCode);
    const unreadableProvider = unreadable(line, '収納代行コード', providerText);
    if (unreadableProvider) return invalidHeader(first, unreadableProvider, providerText, foreignFile);
    const providerCode = trimSpaces(providerText) || null;
    const headerMunicipality = text(bytes, HEADER.municipalityCode);
    const municipalityCode = /^\d{6}$/.test(headerMunicipality) ? headerMunicipality : this.ctx.municipalityCode;
    this.file.open(line, { providerCode, municipalityCode });
    if (providerCode) this.providerCodes.push(providerCode);
    if (!this.dataCreatedOn || createdOn > this.dataCreatedOn) this.dataCreatedOn = createdOn;
    return { kind: 'control' };
  }

  protected data(bytes: Buffer, line: number): RecordOutcome<PaymentRow> {
    const errors: LineError[] = [];
    const kindText = text(bytes, DATA.kind);
    if (!Object.hasOwn(KINDS, kindText))
      errors.push(lineError(line, 'データ種別', `データ種別が不正です: ${kindText}`, `unknown データ種別: ${kindText}`));
    const paidYmd = text(bytes, DATA.paidOn);
    const paidOn = parseYmd(paidYmd);
    if (!paidOn) errors.push(notDate(line, '収納日', paidYmd));
    const hhmm = text(bytes, DATA.paidTime);
    const paidTime = parseHhmm(hhmm);
    if (!paidTime)
      errors.push(lineError(line, '収納時刻', `収納時刻が時刻ではありません: ${hhmm}`, `収納時刻 is not a valid time: ${hhmm}`));
    const barcodeText = text(bytes, DATA.barcode);
    if (!/^\d{37}$/.test(text(bytes, DATA.barcodeHead)) || !/^\d$/.test(text(bytes, DATA.barcodeCheck))) {
      errors.push(
        lineError(
          line,
          'バーコード情報',
          `バーコード情報が44桁の数字ではありません: ${barcodeText}`,
          `バーコード情報 is not 44 digits: ${barcodeText}`,
        ),
      );
    }
    const amountText = text(bytes, DATA.amount);
    if (!/^\d{6}$/.test(amountText)) errors.push(notNumber(line, '支払金額', amountText));
    else if (Number(amountText) === 0) errors.push(lineError(line, '支払金額', '支払金額が0円です', '支払金額 is 0 yen'));
    const depositText = text(bytes, DATA.depositDueOn);
    const depositDueOn = depositText === '00000000' ? null : parseYmd(depositText);
    if (depositText !== '00000000' && !depositDueOn) errors.push(notDate(line, '振込予定日', depositText));
    const storeText = text(bytes, DATA.storeCode);
    const badStore = unreadable(line, '収納店舗コード', storeText);
    if (badStore) errors.push(badStore);
    if (errors.length || !paidOn || !paidTime) return this.reject(...errors);

    const kind = kindText as DataKind;
    const group = this.file.current(line);
    const barcode = readBarcode(barcodeText);
    const storeCode = trimSpaces(storeText);
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
      incomeOn: kind === '02' ? depositDueOn : null,
      expectsPreliminary: true,
      cvsCode: cvs.cvsCode,
      storeCode,
    };
    return { kind: 'row', row, warnings: cvs.warning ? [cvs.warning] : undefined };
  }

  protected trailer(bytes: Buffer, line: number): RecordOutcome<PaymentRow> {
    const read = this.file.readTrailer(line, bytes, TRAILER_FILLER);
    if ('errors' in read) return this.reject(...read.errors);
    this.file.closeWithTrailer(line, read.figures);
    return { kind: 'control' };
  }

  protected end(bytes: Buffer, line: number): RecordOutcome<PaymentRow> {
    const totalText = text(bytes, END.totalRecords);
    if (!/^\d+$/.test(totalText)) return this.reject(notNumber(line, '総レコード数', totalText));
    const filler = fillerError(line, bytes, END.filler);
    if (filler) return this.reject(filler);
    // A second end record is only a record after the end: the first one's count stands.
    if (!this.file.end()) return { kind: 'control' };
    const expected = Number(totalText);
    const actual = this.file.records;
    this.file.fileControl({ name: '総レコード数', expected, actual });
    if (expected !== actual) {
      this.file.issues.push(
        lineError(
          line,
          '総レコード数',
          `総レコード数がファイルのレコード数と一致しません: エンドレコード ${expected}, ファイル ${actual}`,
          `総レコード数 does not match the records of the file: end record ${expected}, file ${actual}`,
        ),
      );
    }
    return { kind: 'control' };
  }
}

export const konbiniParser = defineParser<PaymentRow>({
  format: 'konbini',
  framing: { kind: 'fixed', width: WIDTH },
  target: 'payments',
  start: (ctx) => new KonbiniSession(ctx),
});
