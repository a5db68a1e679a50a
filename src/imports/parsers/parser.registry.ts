import { FORMATS, type FormatCode } from '../../common/codes';
import { ImportError, ImportErrorCode } from '../import.errors';
import { bankCounterParser } from './bank-counter/bank-counter.parser';
import { billsParser } from './bills/bills.parser';
import { cityCashParser } from './city-cash/city-cash.parser';
import { creditCardParser } from './credit-card/credit-card.parser';
import { eltaxParser } from './eltax/eltax.parser';
import { konbiniCsvParser } from './konbini-csv/konbini-csv.parser';
import { konbiniParser } from './konbini/konbini.parser';
import type { BillRow, CounterReceiptRow, PaymentRow, RecordParser, StatementRow } from './parser.types';
import { qrCounterParser } from './qr-counter/qr-counter.parser';
import { zenginDepositParser } from './zengin-deposit/zengin-deposit.parser';
import { zenginFurikaeParser } from './zengin-furikae/zengin-furikae.parser';

export type AnyRecordParser = RecordParser<BillRow | PaymentRow | CounterReceiptRow | StatementRow>;

/** Every parser there is, by its format code. A new provider is one folder and one line here. */
export const PARSERS: ReadonlyMap<FormatCode, AnyRecordParser> = new Map<FormatCode, AnyRecordParser>(
  [
    billsParser,
    konbiniParser,
    konbiniCsvParser,
    qrCounterParser,
    eltaxParser,
    creditCardParser,
    zenginFurikaeParser,
    bankCounterParser,
    cityCashParser,
    zenginDepositParser,
  ].map((parser) => [parser.format, parser]),
);

/** The parser of a format; an ImportError (UnknownFormat) names the formats there are when it has none. */
export function parserFor(format: string): AnyRecordParser {
  const parser = PARSERS.get(format as FormatCode);
  if (parser) return parser;
  const supported = [...PARSERS.keys()].join(', ');
  const known = (FORMATS as readonly string[]).includes(format);
  throw new ImportError(
    ImportErrorCode.UnknownFormat,
    known
      ? `取込形式 ${format} にはまだ対応していません（対応: ${supported}） / format ${format} is not supported yet (supported: ${supported})`
      : `不明な取込形式です: ${format}（対応: ${supported}） / unknown format: ${format} (supported: ${supported})`,
  );
}
