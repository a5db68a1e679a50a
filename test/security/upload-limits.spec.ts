import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import request from 'supertest';
import { cli } from '../support/cli-in-process';
import { Database } from '../../src/database/database';
import { parserFor } from '../../src/imports/parsers/parser.registry';
import type { RecordParser } from '../../src/imports/parsers/parser.types';
import { bankCounterFile } from '../support/channel-files';
import { billNumber, billsCsv, konbiniFile } from '../support/files';
import { Agent, startTestApp, TestApp } from '../support/test-app';

const A = billNumber('02', 2026, '03', 5301);
const LIMIT = 1024 * 1024;

/**
 * issue #6, findings 6 and 10 (the upload parts): an upload limit answered 413 in both languages; dryRun takes
 * only true/false (`1` and `yes` imported for real); a parser that fails refuses the file (status failed with
 * file, line and reason; CLI exit 2), never a 500; the batch inbox reads regular files inside it, nothing else.
 */
describe('uploads and the inbox refuse what they cannot safely take', () => {
  let t: TestApp;
  let operator: Agent;
  let dir: string;
  beforeAll(async () => {
    t = await startTestApp({ KESHIKOMI_UPLOAD_LIMIT_BYTES: String(LIMIT) });
    process.env.DATABASE_URL = t.db.url;
    operator = await t.login('operator');
    dir = mkdtempSync(join(tmpdir(), 'keshikomi-limits-'));
  });
  afterAll(async () => {
    delete process.env.DATABASE_URL;
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });
  const sql = <T>(text: string, params: unknown[] = []) => t.app.get(Database).dataSource.query(text, params) as Promise<T[]>;
  const batches = async () => (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM import_batch`))[0].n;

  it('answers 413, naming the limit in Japanese and English, to a file over KESHIKOMI_UPLOAD_LIMIT_BYTES', async () => {
    const before = await batches();
    const big = Buffer.concat([billsCsv([{ number: A, amount: 100, due: '2026-11-30' }]), Buffer.alloc(LIMIT, 0x20)]);
    const res = await request(t.http)
      .post('/api/imports')
      .set(await t.bearer('operator'))
      .field('format', 'bills')
      .attach('file', big, 'big.csv');
    expect(res.status).toBe(413);
    expect(res.body.message).toMatch(/大きすぎます.*upload limit of 1 MiB/);
    expect(await batches()).toBe(before);
  });

  it('takes dryRun only as true or false: 1 and yes are a 400 naming the field, and nothing is imported', async () => {
    const before = await batches();
    const file = bankCounterFile([{ bill: A, amount: 100, paidOn: '20261125' }]);
    const uploadBank = (dryRun: string) =>
      operator.post('/api/imports').field('format', 'bank-counter').field('dryRun', dryRun).attach('file', file, 'ocr.csv');
    for (const value of ['1', 'yes', 'TRUE', '']) {
      const res = await uploadBank(value);
      expect([value, res.status]).toEqual([value, 400]);
      expect(JSON.stringify(res.body.message)).toContain('dryRun');
    }
    expect(await batches()).toBe(before);
    const dry = await uploadBank('true').expect(201);
    expect(dry.body.files[0]).toMatchObject({ status: 'imported', dryRun: true });
    expect(await batches()).toBe(before);
    const real = await uploadBank('false').expect(201);
    expect(real.body.files[0].dryRun).toBeUndefined();
    expect(await batches()).toBe(before + 1);
  });

  it('rejects the record whose quote never closes, naming its line, not a 500', async () => {
    const two = [
      { number: A, amount: 100, due: '2026-11-30' },
      { number: billNumber('02', 2026, '03', 5302), amount: 200, due: '2026-11-30' },
    ];
    const lines = billsCsv(two).toString('latin1').split('\r\n');
    lines[1] = lines[1].replace(',', ',"');
    const res = await operator
      .post('/api/imports')
      .field('format', 'bills')
      .attach('file', Buffer.from(lines.join('\r\n'), 'latin1'), 'unclosed.csv');
    expect(res.status).toBe(201);
    expect(res.body.files[0]).toMatchObject({
      // The quote opened on line 2 swallows the rest of the file: one rejected record, the header row read.
      file: 'unclosed.csv',
      status: 'imported',
      accepted: 0,
      rejected: 1,
      errors: [{ line: 2, field: null, message: expect.stringContaining('a quote (") never closes') }],
    });
  });

  it('refuses the file when a parser throws, through the API (no 500) and the CLI (exit 2)', async () => {
    const konbini = parserFor('konbini') as RecordParser<unknown>;
    const start = konbini.start.bind(konbini);
    const spy = jest.spyOn(konbini, 'start').mockImplementation((ctx) => {
      const session = start(ctx);
      // Line 3 reads a property of null: a TypeError, as a bug in a parser would throw.
      const broken = (): never => (null as unknown as { x: never }).x;
      return {
        record: (rec) => (rec.line === 3 ? broken() : session.record(rec)),
        refusalAtEnd: () => session.refusalAtEnd(),
        finish: () => session.finish(),
      };
    });
    try {
      const file = konbiniFile('2026-11-25', [
        { type: '01', bill: A, amount: 1, paidOn: '2026-11-25', time: '0900' },
        { type: '01', bill: A, amount: 2, paidOn: '2026-11-25', time: '0901' },
      ]);
      const res = await operator.post('/api/imports').field('format', 'konbini').attach('file', file, 'SYUNO_throws.dat').expect(201);
      expect(res.body.files[0]).toMatchObject({
        status: 'failed',
        errors: [{ line: 3, field: null, message: expect.stringContaining('line 3 could not be read') }],
      });
      writeFileSync(join(dir, 'SYUNO_throws.dat'), file);
      const r = await cli('import', '--format', 'konbini', join(dir, 'SYUNO_throws.dat'), '--json');
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('SYUNO_throws.dat:3: ');
      expect(JSON.parse(r.stdout).files[0].status).toBe('failed');
    } finally {
      spy.mockRestore();
    }
  });

  it('reads only regular files inside the inbox: symbolic links, folders and what resolves outside are refused and named', async () => {
    const outside = join(dir, 'outside');
    mkdirSync(outside);
    const paying = (day: string) => konbiniFile(day, [{ type: '01', bill: A, amount: 3, paidOn: day }]);
    writeFileSync(join(outside, 'SYUNO_20261127.dat'), paying('2026-11-27'));
    const inbox = join(dir, 'inbox');
    mkdirSync(join(inbox, 'konbini', 'nested'), { recursive: true });
    writeFileSync(join(inbox, 'konbini', 'SYUNO_20261126.dat'), paying('2026-11-26'));
    symlinkSync(join(outside, 'SYUNO_20261127.dat'), join(inbox, 'konbini', 'SYUNO_link.dat'));
    symlinkSync('/etc/passwd', join(inbox, 'konbini', 'passwd.dat'));
    execFileSync('mkfifo', [join(inbox, 'konbini', 'pipe.dat')]);
    symlinkSync(outside, join(inbox, 'bank-counter'));

    const r = await cli('batch', '--inbox', inbox, '--received-on', '2026-11-27', '--json');
    expect(r.code).toBe(2);
    const files: { file: string; status: string; errors: { message: string }[] }[] = JSON.parse(r.stdout).files;
    expect(files.map((f) => [f.file, f.status])).toEqual(
      expect.arrayContaining([
        ['SYUNO_20261126.dat', 'imported'],
        ['konbini/SYUNO_link.dat', 'failed'],
        ['konbini/passwd.dat', 'failed'],
        ['konbini/pipe.dat', 'failed'],
        ['konbini/nested', 'failed'],
        ['bank-counter', 'failed'],
      ]),
    );
    expect(files).toHaveLength(6);
    expect(files.find((f) => f.file === 'konbini/passwd.dat')!.errors[0].message).toContain('symbolic link');
    expect(
      await sql(`SELECT file_name FROM import_batch WHERE file_name IN ('SYUNO_20261127.dat', 'SYUNO_link.dat', 'passwd.dat')`),
    ).toEqual([]);
  });
});
