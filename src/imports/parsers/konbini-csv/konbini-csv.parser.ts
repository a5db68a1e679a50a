import type { IsoDate } from '../../../common/calendar';
import { CsvSession, type CsvLayout, type CsvLine } from '../csv-skeleton';
import { konbiniPairingKey, lookupCvs, parseHhmm, readBarcode } from '../konbini/konbini.fields';
import { excelCode, lineError, mostFrequent, readAmount } from '../parser-text';
import type { FileSummary, ParseContext, PaymentRecordKind, PaymentRow, RecordOutcome } from '../parser.types';
import { defineParser } from '../record-parser';

/**
 * `konbini-csv`: the 収納代行 収納データ as 電算システム delivers it (formats.md). One header row of 13
 * columns, no trailer, so there are no control totals to check. Besides 速報/確報/取消 it carries
 * 郵便振替 `12` and its 訂正 `22`, final payments that never have a 速報.
 */

export const KONBINI_CSV_COLUMNS = [
  '種別',
  '収納日',
  '収納時刻',
  'バーコード情報',
  'ユーザー使用欄１',
  'ユーザー使用欄２',
  '印紙フラグ',
  '金額',
  'コンビニ本部コード',
  'コンビニ名',
  'コンビニ店舗コード',
  '振込日',
  'データ作成日',
] as const;
type Column = (typeof KONBINI_CSV_COLUMNS)[number];

interface KindRule {
  kind: PaymentRecordKind;
  /** 郵便振替: no 速報 precedes it, and it pairs by barcode and 収納日 alone (its 収納時刻 is `0000`). */
  post: boolean;
}

const KINDS: Record<string, KindRule> = {
  '01': { kind: 'preliminary', post: false },
  // 81 リアルデータ is read like 01.
  '81': { kind: 'preliminary', post: false },
  '02': { kind: 'final', post: false },
  '03': { kind: 'cancel', post: false },
  '12': { kind: 'final', post: true },
  '22': { kind: 'correction', post: true },
};

const LAYOUT: CsvLayout<Column> = {
  format: 'konbini-csv',
  columns: KONBINI_CSV_COLUMNS,
  used: ['種別', '収納日', '収納時刻', 'バーコード情報', '金額', 'コンビニ本部コード', 'コンビニ店舗コード', '振込日', 'データ作成日'],
};

class KonbiniCsvSession extends CsvSession<PaymentRow, Column> {
  private readonly providerCodes: string[] = [];
  private dataCreatedOn: IsoDate | null = null;

  constructor(ctx: ParseContext) {
    super(LAYOUT, ctx);
  }

  override finish(): FileSummary {
    return { controlIssues: [], controls: [], providerCode: mostFrequent(this.providerCodes), dataCreatedOn: this.dataCreatedOn };
  }

  protected data(line: CsvLine<Column>): RecordOutcome<PaymentRow> {
    const kindText = line.get('種別');
    const rule = Object.hasOwn(KINDS, kindText) ? KINDS[kindText] : null;
    if (!rule) line.fail('種別', `種別が不正です: ${kindText}`, `unknown 種別: ${kindText}`);
    const paidYmd = line.get('収納日');
    const paidOn = line.date('収納日');
    // 収納時刻 HHMM: Excel writes 09:44 as 944 and a 郵便振替's 0000 as 0.
    const time = excelCode(line.line, '収納時刻', line.get('収納時刻'), 4);
    const hhmm = time?.code ?? line.get('収納時刻');
    const paidTime = parseHhmm(hhmm);
    if (paidTime) line.warn(time?.warning ?? null);
    else line.fail('収納時刻', `収納時刻が時刻ではありません: ${hhmm}`, `収納時刻 is not a valid time: ${hhmm}`);
    const barcodeText = line.get('バーコード情報');
    const barcodeDigits = /^EAN(\d{44})$/.exec(barcodeText)?.[1];
    if (!barcodeDigits) {
      line.fail(
        'バーコード情報',
        `バーコード情報が EAN+44桁ではありません: ${barcodeText}`,
        `バーコード情報 is not EAN + 44 digits: ${barcodeText}`,
      );
    }
    const amountText = line.get('金額');
    const amount = readAmount(amountText);
    if (amount === null)
      line.fail('金額', `金額が正の整数ではありません: ${amountText}`, `金額 is not a positive whole number: ${amountText}`);
    // 振込日 is `0` except on 確報 and 郵便振替.
    const transferText = line.get('振込日');
    const noTransfer = /^0+$/.test(transferText);
    const depositDueOn = noTransfer ? null : line.date('振込日');
    const createdOn = line.date('データ作成日');
    if (line.errors.length || !rule || !paidOn || !paidTime || !barcodeDigits || amount === null || !createdOn) return line.rejected();

    const barcode = readBarcode(barcodeDigits);
    const cvsText = line.get('コンビニ本部コード');
    const cvsCode = excelCode(line.line, 'コンビニ本部コード', cvsText, 3);
    line.warn(cvsCode?.warning ?? null);
    const cvs = lookupCvs(cvsCode?.code ?? cvsText, line.line, 'コンビニ本部コード', this.ctx);
    line.warn(cvs.warning);
    if (amount !== barcode.amount) {
      line.warn(
        lineError(
          line.line,
          '金額',
          `金額がバーコードの支払金額と異なります: 金額 ${amount}, バーコード ${barcode.amount}（金額を採用）`,
          `金額 differs from the barcode's 支払金額: 金額 ${amount}, barcode ${barcode.amount} (金額 kept)`,
        ),
      );
    }
    this.providerCodes.push(barcode.companyCode);
    if (!this.dataCreatedOn || createdOn > this.dataCreatedOn) this.dataCreatedOn = createdOn;
    const storeCode = line.get('コンビニ店舗コード');
    return line.accept<PaymentRow>({
      municipalityCode: this.ctx.municipalityCode,
      kind: rule.kind,
      // Store rows pair across the fixed and CSV variants; a 22 replaces the 12 of the same barcode and day.
      pairingKey: rule.post ? `konbini-post:${barcode.digits}:${paidYmd}` : konbiniPairingKey(barcode.digits, paidYmd, hhmm, storeCode),
      channel: cvs.channel,
      providerCode: barcode.companyCode,
      billNumber: barcode.billNumber,
      referenceValid: barcode.referenceValid,
      paymentRef: barcode.digits,
      paidOn,
      paidTime,
      amount,
      depositDueOn,
      incomeOn: depositDueOn,
      expectsPreliminary: !rule.post,
      cvsCode: cvs.cvsCode,
      storeCode,
    });
  }
}

export const konbiniCsvParser = defineParser<PaymentRow>({
  format: 'konbini-csv',
  framing: { kind: 'csv' },
  target: 'payments',
  start: (ctx) => new KonbiniCsvSession(ctx),
});
