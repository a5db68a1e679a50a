import { Client } from 'pg';
import { randomBytes } from 'node:crypto';
import type { QueryRunner } from 'typeorm';
import { BatchQueue } from '../../src/batch/batch-queue';
import { AuditKey } from '../../src/audit/audit-key';
import { AuditRepository } from '../../src/audit/audit.repository';
import { auditHash, AuditService, keyedAuditHash } from '../../src/audit/audit.service';
import { AppConfig } from '../../src/config/app-config';
import { Database } from '../../src/database/database';
import { billNumber, billsCsv, konbiniFile } from '../support/files';
import { startTestApp, TestApp } from '../support/test-app';
import { adminQuery, withDatabase } from '../support/test-database';
import { cli } from './run-cli';

/**
 * issue #6 finding 4: deleting the last rows passed `audit verify`; a row rewritten and re-chained with
 * the application's own hash function passed too; the application's database user could UPDATE and
 * DELETE the log. The tampering below is done as the database owner with triggers bypassed
 * (session_replication_role = replica), as an attacker holding the owner's password would.
 */
const KEY = 'audit-key-for-tests-0123456789abcdef-0123';

interface Row {
  id: number;
  municipality_code: string;
  at: Date;
  actor: string;
  action: string;
  entity: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
  prev_hash: string | null;
  hash: string;
}

async function asOwner(url: string, work: (client: Client) => Promise<void>): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SET LOCAL session_replication_role = replica`);
    await work(client);
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}

/** Rewrites the rows from `fromId` on with sha256 links, as the application's exported function computes them. */
async function rechain(client: Client, fromId: number, hash: (prev: string | null, row: Row) => string, extra = ''): Promise<void> {
  const rows = (await client.query<Row>(`SELECT * FROM audit_log ORDER BY id`)).rows;
  let prev: string | null = null;
  for (const row of rows) {
    if (row.id >= fromId) {
      const h = hash(prev, row);
      await client.query(`UPDATE audit_log SET prev_hash = $2, hash = $3${extra} WHERE id = $1`, [row.id, prev, h]);
      prev = h;
    } else {
      prev = row.hash;
    }
  }
}

const entryOf = (row: Row) => ({
  municipalityCode: row.municipality_code,
  actor: row.actor,
  action: row.action,
  entity: row.entity,
  entityId: row.entity_id,
  before: row.before,
  after: row.after,
  reason: row.reason,
});

describe('finding 4: the audit log cannot be cut or rewritten unnoticed', () => {
  let t: TestApp;
  let audit: AuditService;
  const env = { KESHIKOMI_AUDIT_KEY: KEY };

  beforeAll(async () => {
    t = await startTestApp(env);
    audit = t.app.get(AuditService);
    for (const role of ['staff', 'manager', 'auditor', 'finance'] as const) await t.user(role);
    process.env.DATABASE_URL = t.db.url;
    process.env.KESHIKOMI_AUDIT_KEY = KEY;
  });
  afterAll(async () => {
    delete process.env.DATABASE_URL;
    delete process.env.KESHIKOMI_AUDIT_KEY;
    await t.close();
  });

  it('refuses UPDATE, DELETE and TRUNCATE on audit_log, to the owner too', async () => {
    const db = t.app.get(Database).dataSource;
    const [{ id }] = await db.query(`SELECT max(id) AS id FROM audit_log`);
    await expect(db.query(`UPDATE audit_log SET actor = 'someone-else' WHERE id = $1`, [id])).rejects.toMatchObject({ code: '23001' });
    await expect(db.query(`DELETE FROM audit_log WHERE id = $1`, [id])).rejects.toMatchObject({ code: '23001' });
    await expect(db.query(`TRUNCATE audit_log`)).rejects.toMatchObject({ code: '23001' });
    expect(await audit.verify()).toMatchObject({ ok: true, keyed: true });
  });

  it('prints a checkpoint ID:HASH, and verification against it fails once the last rows are deleted', async () => {
    const taken = await cli(['audit', 'checkpoint']);
    expect(taken.code).toBe(0);
    const checkpoint = taken.stdout.trim();
    expect(checkpoint).toMatch(/^\d+:[0-9a-f]{64}$/);
    const id = Number(checkpoint.split(':')[0]);
    await t.user('staff', 'staff-after-checkpoint');

    const intact = await cli(['audit', 'verify', '--checkpoint', checkpoint, '--json']);
    expect(intact.code).toBe(0);
    expect(JSON.parse(intact.stdout)).toMatchObject({ ok: true, keyed: true, checkpoint: { id, matched: true } });

    // The checkpoint row and everything after it go; what is left still chains up perfectly.
    await asOwner(t.db.url, (c) => c.query(`DELETE FROM audit_log WHERE id >= $1`, [id]).then(() => undefined));
    expect(await audit.verify()).toMatchObject({ ok: true });
    const cut = await cli(['audit', 'verify', '--checkpoint', checkpoint, '--json']);
    expect(cut.code).toBe(1);
    expect(JSON.parse(cut.stdout)).toMatchObject({ ok: false, broken: { id, reason: expect.stringMatching(/checkpoint/) } });
    expect((await cli(['audit', 'verify', '--checkpoint', checkpoint])).stdout).toMatch(/監査ログの改ざんを検知/);
    expect((await cli(['audit', 'verify', '--checkpoint', 'not-a-checkpoint'])).code).toBe(2);
  });

  it("detects a row rewritten and re-chained with the application's own hash function (sha256, or HMAC under a guessed key)", async () => {
    for (const role of ['staff', 'manager'] as const) await t.user(role, `${role}-rewrite-${randomBytes(3).toString('hex')}`);
    const db = t.app.get(Database).dataSource;
    const [{ id: victim }] = await db.query(`SELECT max(id) - 1 AS id FROM audit_log`);
    const forge = async (hash: (prev: string | null, row: Row) => string, extra = '') => {
      await asOwner(t.db.url, async (c) => {
        await c.query(`UPDATE audit_log SET after = '{"loginName": "mallory", "role": "admin"}' WHERE id = $1`, [victim]);
        await rechain(c, victim, hash, extra);
      });
      expect(await audit.verify()).toMatchObject({ ok: false, broken: { id: victim } });
    };
    await forge((prev, row) => auditHash(prev, row.at, entryOf(row)));
    await forge((prev, row) => keyedAuditHash(Buffer.from('a-guessed-key-a-guessed-key-0000000'), prev, row.at, entryOf(row)));
    // Nor does marking the forged rows as written before keying began.
    await forge((prev, row) => auditHash(prev, row.at, entryOf(row)), ', chain_version = 1');
  });
});

describe('finding 4: keying, versions and the bulk append', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const serviceWith = (key: string | null) =>
    new AuditService(
      t.app.get(Database),
      t.app.get(AppConfig),
      new AuditKey(key ? Buffer.from(key) : null, key ? 'test' : 'none'),
      t.app.get(AuditRepository),
    );
  const entry = (n: number) => ({
    municipalityCode: '462144',
    actor: 'test',
    action: 'test.bulk',
    entity: 'test',
    entityId: String(n),
    after: { n },
  });
  const inTransaction = async (work: (runner: QueryRunner) => Promise<void>) => {
    const runner = t.app.get(Database).dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await work(runner);
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
  };

  it('says the chain is unkeyed when no key is configured', async () => {
    await t.user('staff');
    process.env.DATABASE_URL = t.db.url;
    try {
      const r = await cli(['audit', 'verify']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/鍵なし.*unkeyed/s);
      expect(JSON.parse((await cli(['audit', 'verify', '--json'])).stdout)).toMatchObject({ ok: true, keyed: false, keyedFrom: null });
    } finally {
      delete process.env.DATABASE_URL;
    }
  });

  it('verifies rows written before keying, names the row where keying began, and never falls back to unkeyed rows', async () => {
    const keyed = serviceWith(KEY);
    await inTransaction((r) => keyed.append(r, entry(1)));
    const [{ id: first }] = await t.app.get(Database).dataSource.query(`SELECT max(id) AS id FROM audit_log`);
    await inTransaction((r) => keyed.appendMany(r, [entry(2), entry(3), entry(4)]));
    expect(await keyed.verify()).toMatchObject({ ok: true, keyed: true, keyedFrom: first, broken: null });

    const keyless = serviceWith(null);
    await expect(inTransaction((r) => keyless.append(r, entry(5)))).rejects.toThrow(/鍵|key/);
    expect(await keyless.verify()).toMatchObject({ ok: false, broken: { id: first, reason: expect.stringMatching(/key/) } });
    expect(await serviceWith('a-wrong-key-a-wrong-key-a-wrong-key-00').verify()).toMatchObject({ ok: false, broken: { id: first } });
  });

  it('appends many rows in one INSERT, each keyed and chained in order', async () => {
    const keyed = serviceWith(KEY);
    let inserts = 0;
    await inTransaction(async (runner) => {
      const query = runner.query.bind(runner);
      runner.query = ((sql: string, params?: unknown[]) => {
        if (/INSERT INTO audit_log/i.test(sql)) inserts++;
        return query(sql, params);
      }) as typeof runner.query;
      await keyed.appendMany(
        runner,
        Array.from({ length: 500 }, (_, i) => entry(100 + i)),
      );
    });
    expect(inserts).toBe(1);
    const rows: { n: number; v: number }[] = await t.app.get(Database).dataSource.query(
      `SELECT (after->>'n')::int AS n, chain_version AS v FROM audit_log
        WHERE action = 'test.bulk' AND (after->>'n')::int >= 100 ORDER BY id`,
    );
    expect(rows.map((r) => r.n)).toEqual(Array.from({ length: 500 }, (_, i) => 100 + i));
    expect(new Set(rows.map((r) => r.v))).toEqual(new Set([2]));
    expect(await keyed.verify()).toMatchObject({ ok: true, keyed: true });
  });
});

const serverOnly = process.env.KESHIKOMI_TEST_TEMPLATE ? describe : describe.skip;

serverOnly('finding 4: the service runs as a database role that owns nothing (PostgreSQL server only)', () => {
  let t: TestApp;
  let asApp: TestApp | null = null;
  const role = `keshikomi_app_${randomBytes(4).toString('hex')}`;
  beforeAll(async () => {
    t = await startTestApp();
    await adminQuery(`CREATE ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE`);
  });
  afterAll(async () => {
    await asApp?.close();
    await t.close();
    await adminQuery(`DROP ROLE IF EXISTS ${role}`);
  });

  it('migrate --app-role grants what the service needs; that role cannot change or delete the log, nor disable its triggers', async () => {
    process.env.DATABASE_URL = t.db.url;
    try {
      expect((await cli(['migrate', '--app-role', role, '--json'])).code).toBe(0);
      expect((await cli(['migrate', '--app-role', 'robert"; DROP TABLE bill; --'])).code).toBe(2);
    } finally {
      delete process.env.DATABASE_URL;
    }
    const url = new URL(t.db.url);
    url.username = role;
    const appUrl = withDatabase(url.toString(), url.pathname.slice(1));
    // The whole service on that role: login, an upload's worth of import and matching, a comment.
    asApp = await startTestApp({ DATABASE_URL: appUrl });
    const staff = await asApp.login('staff');
    const bill = billNumber('02', 2026, '03', 4001);
    await asApp.intake('bills', { 'bills.csv': billsCsv([{ number: bill, amount: 10000, due: '2026-11-30' }]) });
    await asApp.intake('konbini', { 'S.dat': konbiniFile('2026-11-20', [{ type: '01', bill, amount: 9000, paidOn: '2026-11-20' }]) });
    const { body } = await staff.get('/api/exceptions?type=amount_short').expect(200);
    await staff.post(`/api/exceptions/${body.items[0].id}/comments`).send({ body: '確認中' }).expect(201);
    expect(await asApp.app.get(AuditService).verify()).toMatchObject({ ok: true });
    // …and the job queue of the nightly run (pg-boss's schema, granted rows but no tables of its own).
    expect(await asApp.app.get(BatchQueue).depth()).toEqual([
      { queue: 'batch-file', waiting: 0 },
      { queue: 'batch-finish', waiting: 0 },
    ]);

    const client = new Client({ connectionString: appUrl });
    await client.connect();
    try {
      for (const sql of [
        `UPDATE audit_log SET actor = 'x'`,
        `DELETE FROM audit_log`,
        `TRUNCATE audit_log`,
        `ALTER TABLE audit_log DISABLE TRIGGER ALL`,
        `DELETE FROM import_batch`,
        `SET session_replication_role = replica`,
      ]) {
        await expect(client.query(sql)).rejects.toMatchObject({ code: '42501' });
      }
      const owned = await client.query(
        `SELECT count(*)::int AS owns FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = $1`,
        [role],
      );
      const [{ owns }] = owned.rows;
      expect(owns).toBe(0);
    } finally {
      await client.end();
    }
  });
});
