import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Database } from '../../src/database/database';
import { ImportService } from '../../src/imports/import.service';
import { billNumber, billsCsv, konbiniFile, TestPayment } from '../support/files';
import { startTestApp, TestApp } from '../support/test-app';

const REAL_SAMPLES = resolve(__dirname, '../../src/imports/parsers/konbini-csv/fixtures/real');
const A = billNumber('02', 2026, '03', 1001);

describe('importing files into the real database', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await t.intake('bills', { 'bills.csv': billsCsv([{ number: A, amount: 12300, due: '2026-11-30' }]) });
  });
  afterAll(() => t.close());
  const sql = <T>(text: string, params: unknown[] = []) => t.app.get(Database).dataSource.query(text, params) as Promise<T[]>;

  it('imports the same bytes only once, answering duplicate with the first import', async () => {
    const bytes = konbiniFile('2026-11-20', [{ type: '01', bill: A, amount: 12300, paidOn: '2026-11-20' }]);
    const first = await t.intake('konbini', { 'SYUNO_a.dat': bytes });
    const again = await t.intake('konbini', { 'SYUNO_a_resent.dat': Buffer.from(bytes) });
    expect(first.files[0].status).toBe('imported');
    expect(again.files[0]).toMatchObject({ status: 'duplicate', duplicateOf: first.files[0].batchId });
    expect(again.match).toBeNull();
  });

  it('keeps every line as it arrived, rejects bad ones with line, field and reason, and imports the rest', async () => {
    const good = konbiniFile('2026-11-21', [
      { type: '01', bill: A, amount: 100, paidOn: '2026-11-21', time: '0800' },
      { type: '01', bill: A, amount: 200, paidOn: '2026-11-21', time: '0900' },
    ])
      .toString('latin1')
      .split('\r\n');
    good[2] = good[2].slice(0, 119); // a record one byte short
    const result = await t.intake('konbini', { 'SYUNO_short.dat': Buffer.from(good.join('\r\n'), 'latin1') });
    expect(result.files[0]).toMatchObject({ status: 'imported', records: 2, accepted: 1, rejected: 1 });
    expect(result.files[0].errors).toContainEqual({ line: 3, field: 'レコード長', message: expect.stringContaining('119') });
    const lines = await sql<{ line_no: number; status: string; raw: Buffer }>(
      `SELECT line_no, status, raw FROM import_line WHERE batch_id = $1 ORDER BY line_no`,
      [result.files[0].batchId],
    );
    expect(lines.map((l) => l.status)).toEqual(['control', 'accepted', 'rejected', 'control', 'control']);
    expect(lines[2].raw.toString('latin1')).toBe(good[2]);
  });

  it('leaves nothing behind when an import dies mid-file', async () => {
    const payments: TestPayment[] = Array.from({ length: 6000 }, (_, i) => ({
      type: '01',
      bill: A,
      amount: 1,
      paidOn: '2026-11-22',
      time: String(i % 2400).padStart(4, '0'),
      store: String(i).padStart(7, '0'),
    }));
    const before = await sql<{ batches: number; lines: number; payments: number }>(
      `SELECT (SELECT count(*) FROM import_batch)::int AS batches, (SELECT count(*) FROM import_line)::int AS lines,
              (SELECT count(*) FROM payment)::int AS payments`,
    );
    const crash = t.app.get(ImportService).importFile(
      { fileName: 'SYUNO_crash.dat', bytes: konbiniFile('2026-11-22', payments) },
      {
        format: 'konbini',
        receivedOn: '2026-11-26',
        actor: 'test',
        arrivedVia: 'cli',
        onProgress: () => {
          throw new Error('power cut');
        },
      },
    );
    await expect(crash).rejects.toThrow('power cut');
    const after = await sql(
      `SELECT (SELECT count(*) FROM import_batch)::int AS batches, (SELECT count(*) FROM import_line)::int AS lines,
              (SELECT count(*) FROM payment)::int AS payments`,
    );
    expect(after).toEqual(before);
  });

  it('writes nothing on a dry run but reports what would be imported', async () => {
    const result = await t.app
      .get(ImportService)
      .importFile(
        { fileName: 'SYUNO_dry.dat', bytes: konbiniFile('2026-11-23', [{ type: '01', bill: A, amount: 5, paidOn: '2026-11-23' }]) },
        { format: 'konbini', receivedOn: '2026-11-26', dryRun: true, actor: 'test', arrivedVia: 'cli' },
      );
    expect(result).toMatchObject({ status: 'imported', dryRun: true, records: 1, accepted: 1 });
    expect(await sql(`SELECT id FROM import_batch WHERE file_name = 'SYUNO_dry.dat'`)).toEqual([]);
  });

  it('reads a konbini file with no line breaks exactly like one with CRLF', async () => {
    const pays: TestPayment[] = [{ type: '01', bill: A, amount: 7, paidOn: '2026-11-24', time: '1111' }];
    const crlf = await t.app
      .get(ImportService)
      .importFile(
        { fileName: 'crlf.dat', bytes: konbiniFile('2026-11-24', pays) },
        { format: 'konbini', receivedOn: '2026-11-26', dryRun: true, actor: 'test', arrivedVia: 'cli' },
      );
    const flat = await t.app
      .get(ImportService)
      .importFile(
        { fileName: 'flat.dat', bytes: konbiniFile('2026-11-24', pays, '') },
        { format: 'konbini', receivedOn: '2026-11-26', dryRun: true, actor: 'test', arrivedVia: 'cli' },
      );
    expect({ ...flat, file: 'x' }).toEqual({ ...crlf, file: 'x' });
  });

  it('reads the real 電算システム file: 16 lines, 10 payments, references flagged and never guessed', async () => {
    const result = await t.intake('konbini-csv', { 'test.csv': readFileSync(`${REAL_SAMPLES}/test.csv`) });
    expect(result.files[0]).toMatchObject({ status: 'imported', records: 16, accepted: 16, rejected: 0 });
    const batchId = result.files[0].batchId;
    const payments = await sql<{ channel: string; state: string; n: number }>(
      `SELECT channel, state, count(*)::int AS n FROM payment WHERE first_batch_id = $1 GROUP BY 1, 2 ORDER BY 1, 2`,
      [batchId],
    );
    expect(payments).toEqual([
      { channel: 'bank_counter', state: 'final', n: 4 },
      { channel: 'convenience_store', state: 'cancelled', n: 1 },
      { channel: 'convenience_store', state: 'final', n: 5 },
    ]);
    const flagged = await sql<{ type: string; n: number }>(
      `SELECT e.type, count(*)::int AS n FROM recon_exception e JOIN payment p ON p.id = e.payment_id
        WHERE p.first_batch_id = $1 GROUP BY 1 ORDER BY 1`,
      [batchId],
    );
    expect(flagged).toEqual([
      { type: 'cancelled_payment', n: 1 },
      { type: 'invalid_reference', n: 9 },
    ]);
    expect(await sql(`SELECT m.id FROM match m JOIN payment p ON p.id = m.payment_id WHERE p.first_batch_id = $1`, [batchId])).toEqual([]);
  });

  it('refuses the damaged real file as a whole, naming its header, and writes nothing', async () => {
    const result = await t.intake('konbini-csv', { 'syuno.csv': readFileSync(`${REAL_SAMPLES}/syuno.csv`) });
    expect(result.files[0]).toMatchObject({ status: 'failed', records: 0 });
    expect(result.files[0].errors[0].message).toMatch(/ヘッダー.*konbini-csv|konbini-csv.*header/);
    expect(await sql(`SELECT id FROM import_batch WHERE file_name = 'syuno.csv'`)).toEqual([]);
  });
});
