import { parseYmd } from '../../../common/calendar';
import { isValidBillNumber } from '../../../common/check-digit';
import { headerNames, lineError, noHeaderRow, trimSpaces, wrongColumnCount } from '../parser-text';
import type { BillRow, FileSummary, LineError, ParseContext, ParseSession, RecordOutcome, RecordParser, SourceRecord } from '../parser.types';

/**
 * `bills`: 調定データ from the core system (formats.md), CSV in CP932 or UTF-8. The header names the
 * columns in any order. Unlike a payment, a bill whose 納付番号 does not verify is rejected: the city's
 * own data must be right, and a wrong number would make every payment of that bill unknown_bill.
 */

export const BILLS_COLUMNS = ['地方公共団体コード', '納付番号', '科目コード', '賦課年度', '期別', '納期限', '調定額', '宛名番号', '状態', '更新日'] as const;
type Column = (typeof BILLS_COLUMNS)[number];

const STATUSES: Record<string, BillRow['status']> = { 有効: 'active', 取消: 'cancelled' };

class BillsSession implements ParseSession<BillRow> {
  private columns: Map<Column, number> | null = null;
  /** Once the header is refused, so is every later record (a streaming caller may not stop at once). */
  private refusal: RecordOutcome<BillRow> | null = null;

  constructor(private readonly ctx: ParseContext) {}

  record(rec: SourceRecord): RecordOutcome<BillRow> {
    const fields = (rec.fields ?? []).map(trimSpaces);
    if (this.refusal) return this.refusal;
    if (!this.columns) return this.header(fields);
    const width = this.columns.size;
    if (fields.length !== width) {
      return {
        kind: 'rejected',
        errors: [wrongColumnCount(rec.line, width, fields.length)],
      };
    }
    return this.row(fields, rec.line);
  }

  finish(): FileSummary {
    return {
      controlIssues: this.columns || this.refusal ? [] : [noHeaderRow()],
      controls: [],
    };
  }

  private header(fields: string[]): RecordOutcome<BillRow> {
    const names = headerNames(fields);
    const known = new Set<string>(BILLS_COLUMNS);
    const missing = BILLS_COLUMNS.filter((name) => !names.includes(name));
    const unknown = names.filter((name) => !known.has(name));
    const repeated = names.filter((name, i) => names.indexOf(name) !== i);
    const problems: [string, string][] = [];
    if (missing.length) problems.push([`不足している列: ${missing.join(',')}`, `missing columns: ${missing.join(',')}`]);
    if (unknown.length) problems.push([`不明な列: ${unknown.join(',')}`, `unknown columns: ${unknown.join(',')}`]);
    if (repeated.length) problems.push([`重複した列: ${repeated.join(',')}`, `repeated columns: ${repeated.join(',')}`]);
    if (problems.length) {
      this.refusal = {
        kind: 'refuse',
        message:
          `1行目が bills のヘッダー行ではありません（${problems.map(([ja]) => ja).join('、')}）` +
          ` / the first line is not the bills header (${problems.map(([, en]) => en).join('; ')})`,
      };
      return this.refusal;
    }
    this.columns = new Map(names.map((name, i) => [name as Column, i]));
    return { kind: 'control' };
  }

  private row(fields: string[], line: number): RecordOutcome<BillRow> {
    const get = (column: Column): string => fields[this.columns!.get(column)!];
    const errors: LineError[] = [];
    const fail = (field: Column, ja: string, en: string) => errors.push(lineError(line, field, ja, en));

    const municipalityCode = get('地方公共団体コード');
    if (!/^\d{6}$/.test(municipalityCode)) {
      fail('地方公共団体コード', `地方公共団体コードが6桁の数字ではありません: ${municipalityCode}`, `地方公共団体コード is not 6 digits: ${municipalityCode}`);
    }

    // The number's parts are compared with their columns only when it is 16 digits at all.
    const billNumber = get('納付番号');
    const digits = /^\d{16}$/.test(billNumber) ? billNumber : null;
    if (!digits) fail('納付番号', `納付番号が16桁の数字ではありません: ${billNumber}`, `納付番号 is not 16 digits: ${billNumber}`);
    else if (!isValidBillNumber(digits)) {
      fail('納付番号', `納付番号のチェックデジットが一致しません: ${billNumber}`, `納付番号 check digit does not verify: ${billNumber}`);
    }

    const categoryCode = get('科目コード');
    if (!/^\d{2}$/.test(categoryCode)) {
      fail('科目コード', `科目コードが2桁の数字ではありません: ${categoryCode}`, `科目コード is not 2 digits: ${categoryCode}`);
    } else {
      if (digits && digits.slice(0, 2) !== categoryCode) {
        fail('科目コード', `科目コードが納付番号と一致しません: ${categoryCode}（納付番号 ${digits.slice(0, 2)}）`, `科目コード ${categoryCode} disagrees with 納付番号 (${digits.slice(0, 2)})`);
      }
      if (!this.ctx.categories.has(categoryCode)) {
        fail('科目コード', `科目コードが登録されていません: ${categoryCode}`, `unknown 科目コード: ${categoryCode}`);
      }
    }

    const fiscalYear = get('賦課年度');
    if (!/^\d{4}$/.test(fiscalYear)) {
      fail('賦課年度', `賦課年度が西暦4桁ではありません: ${fiscalYear}`, `賦課年度 is not a 4-digit year: ${fiscalYear}`);
    } else if (digits && digits.slice(2, 4) !== fiscalYear.slice(2)) {
      fail('賦課年度', `賦課年度が納付番号と一致しません: ${fiscalYear}（納付番号 ${digits.slice(2, 4)}）`, `賦課年度 ${fiscalYear} disagrees with 納付番号 (${digits.slice(2, 4)})`);
    }

    const installment = get('期別');
    if (!/^\d{2}$/.test(installment)) {
      fail('期別', `期別が2桁の数字ではありません: ${installment}`, `期別 is not 2 digits: ${installment}`);
    } else if (digits && digits.slice(4, 6) !== installment) {
      fail('期別', `期別が納付番号と一致しません: ${installment}（納付番号 ${digits.slice(4, 6)}）`, `期別 ${installment} disagrees with 納付番号 (${digits.slice(4, 6)})`);
    }

    const dueText = get('納期限');
    const dueDate = parseYmd(dueText);
    if (!dueDate) fail('納期限', `納期限が日付ではありません: ${dueText}`, `納期限 is not a valid date: ${dueText}`);

    const amountText = get('調定額');
    // Digits only: a comma or a minus sign means the export is not what we expect, not a number to guess.
    if (!/^\d+$/.test(amountText) || !Number.isSafeInteger(Number(amountText))) {
      fail('調定額', `調定額が0以上の整数ではありません: ${amountText}`, `調定額 is not a non-negative integer: ${amountText}`);
    }

    const payerId = get('宛名番号');
    if (!/^\d+$/.test(payerId)) fail('宛名番号', `宛名番号が数字ではありません: ${payerId}`, `宛名番号 is not digits: ${payerId}`);

    const statusText = get('状態');
    const status = Object.hasOwn(STATUSES, statusText) ? STATUSES[statusText] : null;
    if (!status) fail('状態', `状態が「有効」「取消」のどちらでもありません: ${statusText}`, `状態 is neither 有効 nor 取消: ${statusText}`);

    const updatedText = get('更新日');
    const updatedOn = parseYmd(updatedText);
    if (!updatedOn) fail('更新日', `更新日が日付ではありません: ${updatedText}`, `更新日 is not a valid date: ${updatedText}`);

    if (errors.length || !dueDate || !status || !updatedOn) return { kind: 'rejected', errors };
    const row: BillRow = {
      municipalityCode,
      billNumber,
      categoryCode,
      fiscalYear: Number(fiscalYear),
      installment,
      dueDate,
      amount: Number(amountText),
      payerId,
      status,
      updatedOn,
    };
    return { kind: 'row', row };
  }
}

export const billsParser: RecordParser<BillRow> = {
  format: 'bills',
  framing: { kind: 'csv' },
  target: 'bills',
  start: (ctx) => new BillsSession(ctx),
};
