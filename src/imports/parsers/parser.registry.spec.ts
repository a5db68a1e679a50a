import * as iconv from 'iconv-lite';
import { FORMATS } from '../../common/codes';
import { ImportError, ImportErrorCode } from '../import.errors';
import { bankCounterParser, BANK_COUNTER_COLUMNS } from './bank-counter/bank-counter.parser';
import { billsParser, BILLS_COLUMNS } from './bills/bills.parser';
import { cityCashParser, CITY_CASH_COLUMNS } from './city-cash/city-cash.parser';
import { creditCardParser, CREDIT_CARD_COLUMNS } from './credit-card/credit-card.parser';
import { eltaxParser, ELTAX_COLUMNS } from './eltax/eltax.parser';
import { parseBuffer } from './framing';
import { testContext } from './fixtures/test-helpers';
import { konbiniCsvParser, KONBINI_CSV_COLUMNS } from './konbini-csv/konbini-csv.parser';
import { konbiniParser } from './konbini/konbini.parser';
import { PARSERS, parserFor, type AnyRecordParser } from './parser.registry';
import { qrCounterParser, QR_COUNTER_COLUMNS } from './qr-counter/qr-counter.parser';
import { zenginDepositParser } from './zengin-deposit/zengin-deposit.parser';
import { zenginFurikaeParser } from './zengin-furikae/zengin-furikae.parser';

/** Every CSV format and the header row its files start with. */
const CSV_HEADERS: [AnyRecordParser, readonly string[]][] = [
  [billsParser, BILLS_COLUMNS],
  [konbiniCsvParser, KONBINI_CSV_COLUMNS],
  [qrCounterParser, QR_COUNTER_COLUMNS],
  [eltaxParser, ELTAX_COLUMNS],
  [creditCardParser, CREDIT_CARD_COLUMNS],
  [bankCounterParser, BANK_COUNTER_COLUMNS],
  [cityCashParser, CITY_CASH_COLUMNS],
];

describe('parser registry', () => {
  it('finds each implemented parser by its format code', () => {
    expect(parserFor('bills')).toBe(billsParser);
    expect(parserFor('konbini')).toBe(konbiniParser);
    expect(parserFor('konbini-csv')).toBe(konbiniCsvParser);
    expect(parserFor('qr-counter')).toBe(qrCounterParser);
    expect(parserFor('eltax')).toBe(eltaxParser);
    expect(parserFor('credit-card')).toBe(creditCardParser);
    expect(parserFor('zengin-furikae')).toBe(zenginFurikaeParser);
    expect(parserFor('bank-counter')).toBe(bankCounterParser);
    expect(parserFor('city-cash')).toBe(cityCashParser);
    expect(parserFor('zengin-deposit')).toBe(zenginDepositParser);
    expect([...PARSERS.keys()]).toEqual([
      'bills',
      'konbini',
      'konbini-csv',
      'qr-counter',
      'eltax',
      'credit-card',
      'zengin-furikae',
      'bank-counter',
      'city-cash',
      'zengin-deposit',
    ]);
  });

  it('declares framing and target as the formats need', () => {
    const shape = (parser: AnyRecordParser) => [parser.format, parser.framing.kind, parser.target];
    expect([...PARSERS.values()].map(shape)).toEqual([
      ['bills', 'csv', 'bills'],
      ['konbini', 'fixed', 'payments'],
      ['konbini-csv', 'csv', 'payments'],
      ['qr-counter', 'csv', 'payments'],
      ['eltax', 'csv', 'payments'],
      ['credit-card', 'csv', 'payments'],
      ['zengin-furikae', 'fixed', 'payments'],
      ['bank-counter', 'csv', 'payments'],
      ['city-cash', 'csv', 'register'],
      ['zengin-deposit', 'fixed', 'statement'],
    ]);
    expect(konbiniParser.framing).toEqual({ kind: 'fixed', width: 120 });
    expect(zenginFurikaeParser.framing).toEqual({ kind: 'fixed', width: 120 });
    expect(zenginDepositParser.framing).toEqual({ kind: 'fixed', width: 200 });
  });

  it('masks the raw text only of the format whose records carry a payer’s name', () => {
    expect([...PARSERS.values()].filter((parser) => parser.redactRaw).map((parser) => parser.format)).toEqual(['zengin-furikae']);
  });

  it('has a parser for every format of the contract', () => {
    expect(FORMATS.filter((format) => !PARSERS.has(format))).toEqual([]);
  });

  it('rejects an unknown format code with an ImportError', () => {
    let thrown: unknown;
    try {
      parserFor('konbin');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ImportError);
    expect(thrown).toMatchObject({ code: ImportErrorCode.UnknownFormat, message: expect.stringContaining('unknown format: konbin') });
  });

  describe('a CSV file given as another format', () => {
    const pairs = CSV_HEADERS.flatMap(([parser]) =>
      CSV_HEADERS.filter(([other]) => other !== parser).map(([other, columns]) => [parser.format, other.format, parser, columns] as const),
    );

    it.each(pairs)('the %s parser refuses a %s file as a whole, naming the format it expected', async (format, _other, parser, columns) => {
      const result = await parseBuffer(parser, iconv.encode(`${columns.join(',')}\r\n`, 'cp932'), testContext());
      expect(result.rows).toEqual([]);
      expect(result.refused).toMatch(new RegExp(`^1行目が ${format}[ （].* / the first line is not the ${format}[ (]`));
    });

    it.each(CSV_HEADERS.map(([parser, columns]) => [parser.format, parser, columns] as const))(
      'the %s parser reads its own header',
      async (_format, parser, columns) => {
        const result = await parseBuffer(parser, iconv.encode(`${columns.join(',')}\r\n`, 'cp932'), testContext());
        expect(result.refused).toBeNull();
      },
    );
  });
});
