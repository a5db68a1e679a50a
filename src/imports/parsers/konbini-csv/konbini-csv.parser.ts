import { parseYmd, type IsoDate } from '../../../common/calendar';
import type { FileSummary, LineError, ParseContext, ParseSession, PaymentRecordKind, PaymentRow, RecordOutcome, RecordParser, SourceRecord } from '../parser.types';
import { konbiniPairingKey, lookupCvs, mostFrequent, parseHhmm, readBarcode } from '../konbini/konbini.fields';
import { headerNames, lineError, noHeaderRow, notDate, trimSpaces, wrongColumnCount } from '../parser-text';

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

class KonbiniCsvSession implements ParseSession<PaymentRow> {
  private headerSeen = false;
  /** Once the header is refused, so is every later record (a streaming caller may not stop at once). */
  private refusal: RecordOutcome<PaymentRow> | null = null;
  private readonly providerCodes: string[] = [];
  private dataCreatedOn: IsoDate | null = null;

  constructor(private readonly ctx: ParseContext) {}

  record(rec: SourceRecord): RecordOutcome<PaymentRow> {
    const fields = (rec.fields ?? []).map(trimSpaces);
    if (this.refusal) return this.refusal;
    if (!this.headerSeen) {
      this.headerSeen = true;
      return this.header(fields);
    }
    if (fields.length !== KONBINI_CSV_COLUMNS.length) {
      return {
        kind: 'rejected',
        errors: [wrongColumnCount(rec.line, KONBINI_CSV_COLUMNS.length, fields.length)],
      };
    }
    return this.data(fields, rec.line);
  }

  finish(): FileSummary {
    return {
      controlIssues: this.headerSeen ? [] : [noHeaderRow()],
      controls: [],
      providerCode: mostFrequent(this.providerCodes),
      dataCreatedOn: this.dataCreatedOn,
    };
  }

  private header(fields: string[]): RecordOutcome<PaymentRow> {
    const names = headerNames(fields);
    const matches = names.length === KONBINI_CSV_COLUMNS.length && KONBINI_CSV_COLUMNS.every((name, i) => names[i] === name);
    if (matches) return { kind: 'control' };
    const expected = KONBINI_CSV_COLUMNS.join(',');
    this.refusal = {
      kind: 'refuse',
      message:
        `1行目が konbini-csv のヘッダー行ではありません（${names.length}列）。必要な13列: ${expected}` +
        ` / the first line is not the konbini-csv header (${names.length} columns); expected the 13 columns: ${expected}`,
    };
    return this.refusal;
  }

  private data(fields: string[], line: number): RecordOutcome<PaymentRow> {
    const [kindText, paidYmd, hhmm, barcodeText, , , , amountText, cvsText, , storeCode, transferText, createdText] = fields;
    const errors: LineError[] = [];
    const rule = Object.hasOwn(KINDS, kindText) ? KINDS[kindText] : null;
    if (!rule) errors.push(lineError(line, '種別', `種別が不正です: ${kindText}`, `unknown 種別: ${kindText}`));
    const paidOn = parseYmd(paidYmd);
    if (!paidOn) errors.push(notDate(line, '収納日', paidYmd));
    const paidTime = parseHhmm(hhmm);
    if (!paidTime) errors.push(lineError(line, '収納時刻', `収納時刻が時刻ではありません: ${hhmm}`, `収納時刻 is not a valid time: ${hhmm}`));
    const barcodeDigits = /^EAN(\d{44})$/.exec(barcodeText)?.[1];
    if (!barcodeDigits) {
      errors.push(
        lineError(line, 'バーコード情報', `バーコード情報が EAN+44桁ではありません: ${barcodeText}`, `バーコード情報 is not EAN + 44 digits: ${barcodeText}`),
      );
    }
    if (!/^\d+$/.test(amountText)) errors.push(lineError(line, '金額', `金額が数字ではありません: ${amountText}`, `金額 is not a number: ${amountText}`));
    // 振込日 is `0` except on 確報 and 郵便振替.
    const noTransfer = /^0+$/.test(transferText);
    const depositDueOn = noTransfer ? null : parseYmd(transferText);
    if (!noTransfer && !depositDueOn) errors.push(notDate(line, '振込日', transferText));
    const createdOn = parseYmd(createdText);
    if (!createdOn) errors.push(notDate(line, 'データ作成日', createdText));
    if (errors.length || !rule || !paidOn || !paidTime || !barcodeDigits || !createdOn) return { kind: 'rejected', errors };

    const barcode = readBarcode(barcodeDigits);
    const amount = Number(amountText);
    const cvs = lookupCvs(cvsText, line, 'コンビニ本部コード', this.ctx);
    const warnings = cvs.warning ? [cvs.warning] : [];
    if (amount !== barcode.amount) {
      warnings.push(
        lineError(
          line,
          '金額',
          `金額がバーコードの支払金額と異なります: 金額 ${amount}, バーコード ${barcode.amount}（金額を採用）`,
          `金額 differs from the barcode's 支払金額: 金額 ${amount}, barcode ${barcode.amount} (金額 kept)`,
        ),
      );
    }
    this.providerCodes.push(barcode.companyCode);
    if (!this.dataCreatedOn || createdOn > this.dataCreatedOn) this.dataCreatedOn = createdOn;
    const row: PaymentRow = {
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
      expectsPreliminary: !rule.post,
      cvsCode: cvs.cvsCode,
      storeCode,
    };
    return { kind: 'row', row, warnings: warnings.length ? warnings : undefined };
  }
}

export const konbiniCsvParser: RecordParser<PaymentRow> = {
  format: 'konbini-csv',
  framing: { kind: 'csv' },
  target: 'payments',
  start: (ctx) => new KonbiniCsvSession(ctx),
};
