import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../support/cli-in-process';
import { billNumber, billsCsv, konbiniFile } from '../support/files';
import { openTestDatabase, TestDatabase } from '../support/test-database';

const A = billNumber('02', 2026, '03', 3001);
const B = billNumber('03', 2026, '01', 3002);

describe('keshikomi CLI (contract.md)', () => {
  let db: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    db = await openTestDatabase();
    process.env.DATABASE_URL = db.url;
    dir = mkdtempSync(join(tmpdir(), 'keshikomi-cli-'));
    writeFileSync(
      join(dir, 'bills.csv'),
      billsCsv([
        { number: A, amount: 12300, due: '2026-11-30' },
        { number: B, amount: 6000, due: '2026-11-30' },
      ]),
    );
    const lines = konbiniFile('2026-11-25', [
      { type: '01', bill: A, amount: 12300, paidOn: '2026-11-25' },
      { type: '01', bill: B, amount: 5000, paidOn: '2026-11-25', cvs: '820' },
    ])
      .toString('latin1')
      .split('\r\n');
    lines.splice(2, 0, '2' + '01' + '20260230' + '0'.repeat(109));
    writeFileSync(join(dir, 'SYUNO_20261125.dat'), Buffer.from(lines.join('\r\n'), 'latin1'));
  });
  afterAll(async () => {
    delete process.env.DATABASE_URL;
    await db.drop();
  });

  it('migrate --json lists what it applied (nothing on a migrated database)', async () => {
    const r = await cli('migrate', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ applied: [] });
  });

  it('import --json prints the contract fields, exits 2 on a rejected line and still imports the good ones', async () => {
    const bills = await cli('import', '--format', 'bills', join(dir, 'bills.csv'), '--received-on', '2026-11-25', '--json');
    expect(bills.code).toBe(0);
    const r = await cli('import', '--format', 'konbini', join(dir, 'SYUNO_20261125.dat'), '--received-on', '2026-11-25', '--json');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('SYUNO_20261125.dat:3 収納日');
    const doc = JSON.parse(r.stdout);
    expect(doc.files).toHaveLength(1);
    const file = doc.files[0];
    expect(Object.keys(file)).toEqual(expect.arrayContaining(['file', 'format', 'status', 'records', 'accepted', 'rejected', 'errors']));
    expect(file).toMatchObject({ file: 'SYUNO_20261125.dat', format: 'konbini', status: 'imported', records: 3, accepted: 2, rejected: 1 });
    // The inserted line also makes the end record's 総レコード数 disagree: both are reported.
    expect(file.errors).toEqual([
      { line: 3, field: '収納日', message: expect.stringContaining('20260230') },
      { line: 3, field: '支払金額', message: expect.stringContaining('0円') },
      { line: 6, field: '総レコード数', message: expect.stringContaining('エンドレコード 5, ファイル 6') },
    ]);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('answers duplicate with duplicateOf when the same bytes come again', async () => {
    const r = await cli('import', '--format', 'bills', join(dir, 'bills.csv'), '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).files[0]).toMatchObject({ status: 'duplicate', duplicateOf: expect.any(Number) });
  });

  it('exceptions --json prints exactly the contract fields', async () => {
    const r = await cli('exceptions', '--type', 'amount_short', '--json');
    expect(r.code).toBe(0);
    const { exceptions } = JSON.parse(r.stdout);
    expect(exceptions).toEqual([
      {
        id: expect.any(Number),
        type: 'amount_short',
        status: 'open',
        category: '03',
        channel: 'smartphone_app',
        billNumber: B,
        paymentRef: expect.stringMatching(/^91\d{42}$/),
        expectedAmount: 6000,
        paidAmount: 5000,
        paidOn: '2026-11-25',
        detail: expect.stringContaining('不足 1,000円'),
      },
    ]);
  });

  it('report cashless --json prints the contract shape with fractions', async () => {
    const r = await cli('report', 'cashless', '--fiscal-year', '2026', '--by', 'channel', '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({
      fiscalYear: 2026,
      target: 0.5,
      cashlessChannels: expect.arrayContaining(['smartphone_app']),
      total: {
        count: 2,
        amount: 17300,
        cashlessCount: 1,
        cashlessAmount: 5000,
        shareByCount: 0.5,
        shareByAmount: 0.289,
        nonCounterShareByCount: 1,
      },
    });
    for (const row of report.rows) {
      expect(Object.keys(row)).toEqual(
        expect.arrayContaining(['key', 'count', 'amount', 'cashlessCount', 'cashlessAmount', 'shareByCount', 'shareByAmount']),
      );
    }
  });

  it('match is repeatable and prints its summary', async () => {
    const r = await cli('match', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).match).toMatchObject({ matched: 0, reversed: 0 });
  });

  it('exits 2 with a reason on bad arguments', async () => {
    expect((await cli('import', '--format', 'nonsense', 'x.dat')).code).toBe(2);
    const missing = await cli('import', '--format', 'konbini', join(dir, 'missing.dat'), '--json');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('missing.dat');
    expect((await cli('exceptions', '--date', '2026-02-30')).code).toBe(2);
  });
});
