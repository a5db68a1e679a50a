import { CsvSession, type CsvLayout, type CsvLine } from '../csv-skeleton';
import { lineError, readAmount } from '../parser-text';
import type { CounterReceiptRow, FileSummary, ParseContext, RecordOutcome } from '../parser.types';
import { defineParser } from '../record-parser';

/**
 * `city-cash`: 窓口収納日計, the city-hall counter register (formats.md), CSV in CP932 or UTF-8. Each row
 * is both a charge and its receipt (随時収入): a `現金` row settles itself, a `QR` row expects the QR
 * provider's transaction (`qr-counter`) with the same 取引番号. `取消区分 1` voids the row with the same
 * 受付番号. Rows go to the register, not to payments.
 */

export const CITY_CASH_COLUMNS = [
  '受付番号',
  '受付日時',
  '窓口コード',
  '科目コード',
  '件数',
  '金額',
  '支払方法',
  'QR取引番号',
  '取消区分',
] as const;
type Column = (typeof CITY_CASH_COLUMNS)[number];

const LAYOUT: CsvLayout<Column> = {
  format: 'city-cash',
  title: ['窓口収納日計', 'counter register'],
  columns: CITY_CASH_COLUMNS,
  // Every column makes the row.
  used: CITY_CASH_COLUMNS,
};

const METHODS: Record<string, CounterReceiptRow['method']> = { 現金: 'cash', QR: 'qr' };
const VOID_FLAGS: Record<string, boolean> = { '0': false, '1': true };

class CityCashSession extends CsvSession<CounterReceiptRow, Column> {
  constructor(ctx: ParseContext) {
    super(LAYOUT, ctx);
  }

  override finish(): FileSummary {
    return { controlIssues: [], controls: [], providerCode: null, dataCreatedOn: null };
  }

  protected data(line: CsvLine<Column>): RecordOutcome<CounterReceiptRow> {
    const receiptNo = line.get('受付番号');
    if (!receiptNo) line.fail('受付番号', '受付番号がありません', '受付番号 is empty');

    const received = line.dateTime('受付日時');

    const counterCode = line.get('窓口コード');
    if (!counterCode) line.fail('窓口コード', '窓口コードがありません', '窓口コード is empty');

    const categoryCode = line.category('科目コード', this.ctx.categories, null);

    const quantityText = line.get('件数');
    const quantity = readAmount(quantityText);
    if (quantity === null)
      line.fail('件数', `件数が正の整数ではありません: ${quantityText}`, `件数 is not a positive whole number: ${quantityText}`);

    const amountText = line.get('金額');
    const amount = readAmount(amountText);
    if (amount === null)
      line.fail('金額', `金額が正の整数ではありません: ${amountText}`, `金額 is not a positive whole number: ${amountText}`);

    const methodText = line.get('支払方法');
    const method = Object.hasOwn(METHODS, methodText) ? METHODS[methodText] : null;
    if (!method)
      line.fail(
        '支払方法',
        `支払方法が「現金」「QR」のどちらでもありません: ${methodText}`,
        `支払方法 is neither 現金 nor QR: ${methodText}`,
      );

    // A QR row is matched to the provider's transaction by this number; a cash row has none.
    const qrText = line.get('QR取引番号');
    if (method === 'qr' && !qrText) line.fail('QR取引番号', 'QRの行にQR取引番号がありません', 'QR取引番号 is empty on a QR line');
    if (method === 'qr') line.identifier('QR取引番号', null);
    if (method === 'cash' && qrText) {
      line.warn(
        lineError(
          line.line,
          'QR取引番号',
          `現金の行にQR取引番号があります: ${qrText}（無視します）`,
          `QR取引番号 on a 現金 line: ${qrText} (ignored)`,
        ),
      );
    }

    const flag = line.get('取消区分');
    const voids = Object.hasOwn(VOID_FLAGS, flag) ? VOID_FLAGS[flag] : null;
    if (voids === null) line.fail('取消区分', `取消区分が不正です: ${flag}`, `unknown 取消区分: ${flag}`);

    if (line.errors.length || !received || !categoryCode || quantity === null || amount === null || !method || voids === null) {
      return line.rejected();
    }
    return line.accept<CounterReceiptRow>({
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
    });
  }
}

export const cityCashParser = defineParser<CounterReceiptRow>({
  format: 'city-cash',
  framing: { kind: 'csv' },
  target: 'register',
  start: (ctx) => new CityCashSession(ctx),
});
