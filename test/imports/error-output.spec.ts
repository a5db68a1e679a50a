import * as iconv from 'iconv-lite';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../support/cli-in-process';
import { Database } from '../../src/database/database';
import { billNumber, billsCsv, konbiniFile, TestPayment } from '../support/files';
import { startTestApp, TestApp } from '../support/test-app';

const A = billNumber('02', 2026, '03', 4201);
const CRLF = '\r\n';

const at = (i: number) => `${String(Math.floor(i / 60) % 24).padStart(2, '0')}${String(i % 60).padStart(2, '0')}`;

/**
 * issue #7: error output stays readable. The JSON of a file lists the first 100 errors and 100 warnings
 * with their counts; stderr the first 20 and how many more; the API pages every rejected line.
 */
describe('readable error output', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    t = await startTestApp();
    process.env.DATABASE_URL = t.db.url;
    dir = mkdtempSync(join(tmpdir(), 'keshikomi-errors-'));
    await t.intake('bills', { 'bills.csv': billsCsv([{ number: A, amount: 12300, due: '2026-11-30' }]) });
  });
  afterAll(async () => {
    delete process.env.DATABASE_URL;
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  /** A konbini file of one good payment and `bad` lines whose 収納日 is 2026-02-30. */
  function fileWithBadLines(createdOn: string, bad: number): Buffer {
    const lines = konbiniFile(createdOn, [{ type: '01', bill: A, amount: 100, paidOn: createdOn }])
      .toString('latin1')
      .split(CRLF);
    const rejected = Array.from({ length: bad }, (_, i) => '2' + '01' + '20260230' + at(i) + '0'.repeat(105));
    lines.splice(2, 0, ...rejected);
    return Buffer.from(lines.join(CRLF), 'latin1');
  }

  it('lists the first 100 errors with errorCount in --json, 20 on stderr with how many more, and exits 2', async () => {
    writeFileSync(join(dir, 'SYUNO_many.dat'), fileWithBadLines('2026-11-20', 250));
    const r = await cli('import', '--format', 'konbini', join(dir, 'SYUNO_many.dat'), '--received-on', '2026-11-20', '--json');
    expect(r.code).toBe(2);
    const file = JSON.parse(r.stdout).files[0];
    expect(file).toMatchObject({ status: 'imported', records: 251, accepted: 1, rejected: 250, warningCount: 0, warnings: [] });
    // Two errors on each of the 250 rejected lines (収納日, 支払金額 0円), and the end record's count that no longer agrees.
    expect(file.errorCount).toBe(501);
    expect(file.errors).toHaveLength(100);
    expect(file.errors[0]).toEqual({ line: 3, field: '収納日', message: expect.stringContaining('20260230') });
    const stderr = r.stderr.trim().split('\n');
    expect(stderr.filter((l) => /^SYUNO_many\.dat:\d+ /.test(l))).toHaveLength(20);
    expect(r.stderr).toContain('他 481 件 / and 481 more');
  });

  it('pages every rejected line through GET /api/imports/:id/lines?status=rejected', async () => {
    const intake = await t.intake('konbini', { 'SYUNO_paged.dat': fileWithBadLines('2026-11-21', 250) });
    const staff = await t.login('staff');
    const seen: number[] = [];
    let after: number | null = null;
    do {
      const page: { body: { items: { line: number; status: string }[]; nextCursor: number | null } } = await staff
        .get(`/api/imports/${intake.files[0].batchId}/lines`)
        .query({ status: 'rejected', limit: 100, ...(after ? { after } : {}) })
        .expect(200);
      expect(page.body.items.length).toBeLessThanOrEqual(100);
      seen.push(...page.body.items.map((l) => l.line));
      expect(page.body.items.every((l) => l.status === 'rejected')).toBe(true);
      after = page.body.nextCursor;
    } while (after !== null);
    expect(seen).toEqual(Array.from({ length: 250 }, (_, i) => i + 3));
    await staff.get(`/api/imports/${intake.files[0].batchId}/lines?status=nonsense`).expect(400);
    await staff.get('/api/imports/999999/lines?status=rejected').expect(404);
  });

  it('pages the lines of a file kept in several segments, in line order, each once and as it arrived', async () => {
    const bad = 12_000;
    const file = fileWithBadLines('2026-11-23', bad);
    const intake = await t.intake('konbini', { 'SYUNO_segments.dat': file });
    const batchId = intake.files[0].batchId;
    const [{ segments }]: { segments: number }[] = await t.app
      .get(Database)
      .dataSource.query(`SELECT count(*)::int AS segments FROM import_segment WHERE batch_id = $1`, [batchId]);
    expect(segments).toBeGreaterThan(2);
    const staff = await t.login('staff');
    const pageAll = async (status?: string) => {
      const lines: { line: number; status: string; raw: string }[] = [];
      let after: number | null = null;
      do {
        const page: { body: { items: { line: number; status: string; raw: string }[]; nextCursor: number | null } } = await staff
          .get(`/api/imports/${batchId}/lines`)
          .query({ limit: 1000, ...(status ? { status } : {}), ...(after ? { after } : {}) })
          .expect(200);
        lines.push(...page.body.items);
        after = page.body.nextCursor;
      } while (after !== null);
      return lines;
    };
    const all = await pageAll();
    const arrived = iconv.decode(file, 'cp932').split(CRLF).filter(Boolean);
    expect(all.map((l) => l.line)).toEqual(arrived.map((_, i) => i + 1));
    expect(all.map((l) => l.raw)).toEqual(arrived);
    expect((await pageAll('accepted')).map((l) => l.line)).toEqual([2]);
    expect((await pageAll('control')).map((l) => l.line)).toEqual([1, bad + 3, bad + 4]);
    expect(await pageAll('rejected')).toHaveLength(bad);
  });

  it('lists the first 100 warnings with warningCount; warnings never fail a file nor change the exit code', async () => {
    // An unknown CVSコード is imported as a convenience store with a warning on its line.
    const payments: TestPayment[] = Array.from({ length: 150 }, (_, i) => ({
      type: '01',
      bill: billNumber('07', 2026, '11', 60_000 + i),
      amount: 100,
      paidOn: '2026-11-22',
      time: at(i),
      cvs: '999',
      store: String(i).padStart(7, '0'),
    }));
    writeFileSync(join(dir, 'SYUNO_warned.dat'), konbiniFile('2026-11-22', payments));
    const r = await cli('import', '--format', 'konbini', join(dir, 'SYUNO_warned.dat'), '--received-on', '2026-11-22', '--json');
    expect(r.code).toBe(0);
    const file = JSON.parse(r.stdout).files[0];
    expect(file).toMatchObject({ status: 'imported', accepted: 150, rejected: 0, errorCount: 0, errors: [], warningCount: 150 });
    expect(file.warnings).toHaveLength(100);
    expect(file.warnings[0]).toMatchObject({ line: 2, field: 'CVSコード' });
  });

  it('prints at most 20 problems for 10 MB of garbage with no line breaks', async () => {
    let seed = 11;
    const garbage = Buffer.alloc(10 * 1024 * 1024);
    for (let i = 0; i < garbage.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      const byte = seed >>> 24;
      garbage[i] = byte === 0x0a || byte === 0x0d ? 0x20 : byte;
    }
    writeFileSync(join(dir, 'garbage.dat'), garbage);
    const r = await cli('import', '--format', 'konbini', join(dir, 'garbage.dat'), '--received-on', '2026-11-23', '--json');
    expect(r.code).toBe(2);
    const file = JSON.parse(r.stdout).files[0];
    expect(file.errors.length).toBeLessThanOrEqual(100);
    expect(file.errorCount).toBeGreaterThanOrEqual(file.errors.length);
    expect(r.stdout.length).toBeLessThan(100_000);
    expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(22);
  });
});
