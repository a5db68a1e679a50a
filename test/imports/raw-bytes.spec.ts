import request from 'supertest';
import { Database } from '../../src/database/database';
import { billNumber, billsCsv, konbiniFile } from '../support/files';
import { startTestApp, TestApp } from '../support/test-app';

const A = billNumber('02', 2026, '03', 4101);
const CRLF = Buffer.from('\r\n', 'latin1');

/** The records of a CRLF file, as bytes. */
function recordsOf(file: Buffer): Buffer[] {
  const records: Buffer[] = [];
  for (let start = 0; start < file.length;) {
    const end = file.indexOf(CRLF, start);
    records.push(file.subarray(start, end));
    start = end + 2;
  }
  return records;
}

/**
 * issue #7, formats.md "General rules": any byte may arrive (NUL, control characters, broken CP932). Such a
 * line is rejected with its reason and kept with its raw bytes exactly; the import never crashes.
 */
describe('raw lines are kept byte for byte', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await t.intake('bills', { 'bills.csv': billsCsv([{ number: A, amount: 12300, due: '2026-11-30' }]) });
  });
  afterAll(() => t.close());
  const sql = <T>(text: string, params: unknown[] = []) => t.app.get(Database).dataSource.query(text, params) as Promise<T[]>;

  it('rejects a line with a NUL byte or broken CP932, keeps every line exactly, and imports the rest', async () => {
    const records = recordsOf(
      konbiniFile('2026-11-20', [
        { type: '01', bill: A, amount: 100, paidOn: '2026-11-20', time: '0800' },
        { type: '01', bill: A, amount: 200, paidOn: '2026-11-20', time: '0900' },
        { type: '01', bill: A, amount: 300, paidOn: '2026-11-20', time: '1000' },
      ]),
    );
    records[1] = Buffer.from(records[1]);
    records[1][5] = 0x00; // in 収納日
    records[2] = Buffer.from(records[2]);
    records[2][11] = 0x82; // a CP932 lead byte…
    records[2][12] = 0xff; // …with no valid trail byte, in 収納時刻
    records[3] = Buffer.from(records[3]);
    records[3][61] = 0x00; // in the filler no one reads: the line is accepted, its NUL kept
    const file = Buffer.concat(records.flatMap((r) => [r, CRLF]));

    const result = await t.intake('konbini', { 'SYUNO_bytes.dat': file });
    expect(result.files[0]).toMatchObject({ status: 'imported', records: 3, accepted: 1, rejected: 2 });
    expect(result.files[0].errors.map((e) => e.line)).toEqual(expect.arrayContaining([2, 3]));
    const lines = await sql<{ line_no: number; status: string; raw: Buffer }>(
      `SELECT line_no, status, raw FROM import_line WHERE batch_id = $1 ORDER BY line_no`,
      [result.files[0].batchId],
    );
    expect(lines.map((l) => l.status)).toEqual(['control', 'rejected', 'rejected', 'accepted', 'control', 'control']);
    expect(lines.map((l) => l.raw.toString('hex'))).toEqual(records.map((r) => r.toString('hex')));
  });

  it('shows raw lines decoded as the file was (CP932), with control characters made visible', async () => {
    const records = recordsOf(konbiniFile('2026-11-21', [{ type: '01', bill: A, amount: 400, paidOn: '2026-11-21' }]));
    records[1] = Buffer.from(records[1]);
    records[1][5] = 0x00;
    const result = await t.intake('konbini', { 'SYUNO_shown.dat': Buffer.concat(records.flatMap((r) => [r, CRLF])) });
    const staff = await t.login('staff');
    const page = await staff.get(`/api/imports/${result.files[0].batchId}/lines?status=rejected`).expect(200);
    expect(page.body.items).toEqual([
      {
        line: 2,
        status: 'rejected',
        raw: records[1].toString('latin1').replace('\0', '\u2400'),
        errors: expect.any(Array),
      },
    ]);
    // The header's 委託者名 is 半角カナ in CP932: shown as the characters, not as bytes.
    const header = await request(t.http)
      .get(`/api/imports/${result.files[0].batchId}/lines?status=control&limit=1`)
      .set(await t.bearer('staff'))
      .expect(200);
    expect(header.body.items[0].raw).toContain('ﾀﾙﾐｽﾞｼ');
  });

  it('never crashes on 5,000 random bytes: the file is refused or its lines rejected, each kept', async () => {
    let seed = 7;
    const noise = Buffer.from(Array.from({ length: 5000 }, () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24));
    const result = await t.intake('konbini', { 'noise.dat': noise });
    expect(['failed', 'imported']).toContain(result.files[0].status);
    expect(result.files[0].accepted).toBe(0);
    if (result.files[0].status === 'imported') {
      const [kept] = await sql<{ bytes: number }>(`SELECT sum(length(raw))::int AS bytes FROM import_line WHERE batch_id = $1`, [
        result.files[0].batchId,
      ]);
      expect(kept.bytes).toBeGreaterThan(4000);
    }
  });
});
