import { ImportError, ImportErrorCode } from '../import.errors';
import { billsParser } from './bills/bills.parser';
import { konbiniCsvParser } from './konbini-csv/konbini-csv.parser';
import { konbiniParser } from './konbini/konbini.parser';
import { PARSERS, parserFor } from './parser.registry';

describe('parser registry', () => {
  it('finds each implemented parser by its format code', () => {
    expect(parserFor('bills')).toBe(billsParser);
    expect(parserFor('konbini')).toBe(konbiniParser);
    expect(parserFor('konbini-csv')).toBe(konbiniCsvParser);
    expect([...PARSERS.keys()]).toEqual(['bills', 'konbini', 'konbini-csv']);
  });

  it('declares framing and target as the formats need', () => {
    expect(konbiniParser.framing).toEqual({ kind: 'fixed', width: 120 });
    expect(konbiniCsvParser.framing).toEqual({ kind: 'csv' });
    expect(billsParser.framing).toEqual({ kind: 'csv' });
    expect([billsParser.target, konbiniParser.target, konbiniCsvParser.target]).toEqual(['bills', 'payments', 'payments']);
  });

  it('says clearly that a contract format is not supported yet', () => {
    expect(() => parserFor('eltax')).toThrow(
      new ImportError(
        ImportErrorCode.UnknownFormat,
        '取込形式 eltax にはまだ対応していません（対応: bills, konbini, konbini-csv） / format eltax is not supported yet (supported: bills, konbini, konbini-csv)',
      ),
    );
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
});
