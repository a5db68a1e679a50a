import { parseYmd, type IsoDate } from '../../../common/calendar';
import { isValidBillNumber } from '../../../common/check-digit';
import { garbled, headerNames, lineError, noHeaderRow, notDate, readAmount, trimSpaces, wrongColumnCount } from '../parser-text';
import type { FileSummary, LineError, ParseContext, ParseSession, PaymentRow, RecordOutcome, RecordParser, SourceRecord } from '../parser.types';

/**
 * `eltax`: eL-QR 納付情報 from 共通納税IF (formats.md), CSV in CP932 or UTF-8. One header row of 17
 * columns and no trailer. Every row is a settled payment (`取消区分 0`) or the reversal of the earlier row
 * with the same 受付番号 (`1`); 納付手段区分 says how the payer paid, which decides whether it is cashless.
 */

export const ELTAX_COLUMNS = [
  'データ作成日',
  '共通納税機関コード',
  '地方公共団体コード',
  '税目・料金番号',
  '案件特定キー',
  '確認番号',
  '賦課年度',
  '課税年度',
  '期別コード',
  '納期限',
  '納付金額',
  '納付日',
  '納付手段区分',
  '決済事業者名',
  '払込予定日',
  '取消区分',
  '受付番号',
] as const;
type Column = (typeof ELTAX_COLUMNS)[number];
const AT = Object.fromEntries(ELTAX_COLUMNS.map((name, i) => [name, i])) as Record<Column, number>;

/** The columns a row is made of: a mis-decoded character in any of them rejects the line. */
const USED: Column[] = ['データ作成日', '地方公共団体コード', '税目・料金番号', '案件特定キー', '納付金額', '納付日', '納付手段区分', '払込予定日', '取消区分', '受付番号'];

/** 01 金融機関窓口, 02 ATM, 03 インターネットバンキング, 04 ダイレクト納付, 05 クレジットカード, 06 スマートフォン決済アプリ, 99 不明. */
const MEANS = new Set(['01', '02', '03', '04', '05', '06', '99']);
const CANCEL_FLAGS: Record<string, PaymentRow['kind']> = { '0': 'final', '1': 'cancel' };

/** The provider code of every eLTAX payment: 共通納税 is one provider, whichever 決済事業者 the payer used. */
export const ELTAX_PROVIDER = 'eltax';

class EltaxSession implements ParseSession<PaymentRow> {
  private headerSeen = false;
  /** Once the header is refused, so is every later record (a streaming caller may not stop at once). */
  private refusal: RecordOutcome<PaymentRow> | null = null;
  private dataCreatedOn: IsoDate | null = null;

  constructor(private readonly ctx: ParseContext) {}

  record(rec: SourceRecord): RecordOutcome<PaymentRow> {
    const fields = (rec.fields ?? []).map(trimSpaces);
    if (this.refusal) return this.refusal;
    if (!this.headerSeen) {
      this.headerSeen = true;
      return this.header(fields);
    }
    if (fields.length !== ELTAX_COLUMNS.length) {
      return {
        kind: 'rejected',
        errors: [wrongColumnCount(rec.line, ELTAX_COLUMNS.length, fields.length)],
      };
    }
    return this.data(fields, rec.line);
  }

  finish(): FileSummary {
    return {
      controlIssues: this.headerSeen ? [] : [noHeaderRow()],
      controls: [],
      providerCode: ELTAX_PROVIDER,
      dataCreatedOn: this.dataCreatedOn,
    };
  }

  private header(fields: string[]): RecordOutcome<PaymentRow> {
    const names = headerNames(fields);
    const matches = names.length === ELTAX_COLUMNS.length && ELTAX_COLUMNS.every((name, i) => names[i] === name);
    if (matches) return { kind: 'control' };
    const expected = ELTAX_COLUMNS.join(',');
    this.refusal = {
      kind: 'refuse',
      message:
        `1行目が eltax（共通納税 納付情報）のヘッダー行ではありません（${names.length}列）。必要な${ELTAX_COLUMNS.length}列: ${expected}` +
        ` / the first line is not the eltax (eLTAX 納付情報) header (${names.length} columns); expected the ${ELTAX_COLUMNS.length} columns: ${expected}`,
    };
    return this.refusal;
  }

  private data(fields: string[], line: number): RecordOutcome<PaymentRow> {
    const get = (column: Column): string => fields[AT[column]];
    // A line that was not decoded right cannot be trusted field by field: name the encoding, nothing else.
    const unreadable = USED.filter((column) => get(column).includes('\uFFFD'));
    if (unreadable.length) return { kind: 'rejected', errors: unreadable.map((column) => garbled(line, column, get(column))) };

    const errors: LineError[] = [];
    const warnings: LineError[] = [];
    const createdText = get('データ作成日');
    const createdOn = parseYmd(createdText);
    if (!createdOn) errors.push(notDate(line, 'データ作成日', createdText));

    const municipalityCode = get('地方公共団体コード');
    if (!/^\d{6}$/.test(municipalityCode)) {
      errors.push(
        lineError(line, '地方公共団体コード', `地方公共団体コードが6桁の数字ではありません: ${municipalityCode}`, `地方公共団体コード is not 6 digits: ${municipalityCode}`),
      );
    }

    const taxCode = get('税目・料金番号');
    const categoryCode = this.ctx.eltaxTaxCodes.get(taxCode);
    if (!categoryCode) errors.push(lineError(line, '税目・料金番号', `税目・料金番号が登録されていません: ${taxCode}`, `unknown 税目・料金番号: ${taxCode}`));

    const key = get('案件特定キー');
    if (!/^\d{20}$/.test(key)) errors.push(lineError(line, '案件特定キー', `案件特定キーが20桁の数字ではありません: ${key}`, `案件特定キー is not 20 digits: ${key}`));

    const amountText = get('納付金額');
    const amount = readAmount(amountText);
    if (amount === null) errors.push(lineError(line, '納付金額', `納付金額が正の整数ではありません: ${amountText}`, `納付金額 is not a positive whole number: ${amountText}`));

    const paidText = get('納付日');
    const paidOn = parseYmd(paidText);
    if (!paidOn) errors.push(notDate(line, '納付日', paidText));

    const meansCode = get('納付手段区分');
    if (!MEANS.has(meansCode)) errors.push(lineError(line, '納付手段区分', `納付手段区分が不正です: ${meansCode}`, `unknown 納付手段区分: ${meansCode}`));

    // 払込予定日 may be left empty (or zeros) when 共通納税 has not scheduled the transfer yet.
    const depositText = get('払込予定日');
    const noDeposit = /^0*$/.test(depositText);
    const depositDueOn = noDeposit ? null : parseYmd(depositText);
    if (!noDeposit && !depositDueOn) errors.push(notDate(line, '払込予定日', depositText));

    const flag = get('取消区分');
    const kind = Object.hasOwn(CANCEL_FLAGS, flag) ? CANCEL_FLAGS[flag] : null;
    if (!kind) errors.push(lineError(line, '取消区分', `取消区分が不正です: ${flag}`, `unknown 取消区分: ${flag}`));

    const receiptNo = get('受付番号');
    if (!receiptNo) errors.push(lineError(line, '受付番号', '受付番号がありません', '受付番号 is empty'));

    if (errors.length || !createdOn || !categoryCode || amount === null || !paidOn || !kind) return { kind: 'rejected', errors };

    // 案件特定キー is `0000` + 納付番号. Any other key is kept as money received, with a reference that cannot match.
    const billNumber = key.slice(4);
    const wellFormedKey = key.startsWith('0000');
    if (!wellFormedKey) {
      warnings.push(
        lineError(
          line,
          '案件特定キー',
          `案件特定キーが0000で始まりません: ${key}（納付番号として照合できません）`,
          `案件特定キー does not start with 0000: ${key} (cannot be matched as a 納付番号)`,
        ),
      );
    }
    const referenceValid = wellFormedKey && isValidBillNumber(billNumber);
    if (referenceValid && billNumber.slice(0, 2) !== categoryCode) {
      warnings.push(
        lineError(
          line,
          '税目・料金番号',
          `税目・料金番号 ${taxCode}（科目 ${categoryCode}）が納付番号の科目 ${billNumber.slice(0, 2)} と一致しません`,
          `税目・料金番号 ${taxCode} (科目 ${categoryCode}) disagrees with the 納付番号's 科目 ${billNumber.slice(0, 2)}`,
        ),
      );
    }
    if (!this.dataCreatedOn || createdOn > this.dataCreatedOn) this.dataCreatedOn = createdOn;
    const row: PaymentRow = {
      municipalityCode,
      kind,
      // A 取消 repeats the 受付番号 of the payment it reverses.
      pairingKey: `eltax:${receiptNo}`,
      channel: 'eltax',
      providerCode: ELTAX_PROVIDER,
      billNumber,
      referenceValid,
      paymentRef: receiptNo,
      paidOn,
      paidTime: null,
      amount,
      depositDueOn,
      expectsPreliminary: false,
      meansCode,
      categoryCode,
    };
    return { kind: 'row', row, warnings: warnings.length ? warnings : undefined };
  }
}

export const eltaxParser: RecordParser<PaymentRow> = {
  format: 'eltax',
  framing: { kind: 'csv' },
  target: 'payments',
  start: (ctx) => new EltaxSession(ctx),
};
