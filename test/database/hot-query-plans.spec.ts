import { Database } from '../../src/database/database';
import { ExceptionsService } from '../../src/exceptions/exceptions.service';
import { EvidenceService } from '../../src/matching/evidence/evidence.service';
import { startTestApp, TestApp } from '../support/test-app';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { volumeSeedSql } = require('../../bench/volume-seed') as { volumeSeedSql: (n: number) => string[] };

/** The tables that grow with the city (docs/scaling.md): a screen's query must reach them by an index. */
const BIG_TABLES = new Set([
  'payment',
  'bill',
  'bill_version',
  'match',
  'recon_exception',
  'import_segment',
  'import_line_note',
  'audit_log',
]);

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

function seqScans(node: PlanNode): string[] {
  const own = node['Node Type'] === 'Seq Scan' && BIG_TABLES.has(node['Relation Name'] ?? '') ? [node['Relation Name']!] : [];
  return [...own, ...(node.Plans ?? []).flatMap(seqScans)];
}

/**
 * issue #12: the screens staff wait on stay index-driven as the data grows (docs/query-plans.md has their plans
 * at 1,000,000 payments). The statements a screen runs are captured as it runs them, then each is EXPLAINed on
 * a database seeded with a year of 20,000 payments and bills: no sequential scan of a table that grows.
 */
describe('hot query plans', () => {
  let t: TestApp;
  let db: Database;
  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(Database);
    for (const statement of volumeSeedSql(20_000)) await db.dataSource.query(statement);
  });
  afterAll(() => t.close());

  /** The SELECT statements `screen` runs, with their parameters. */
  async function statementsOf(screen: () => Promise<unknown>): Promise<{ sql: string; params: unknown[] }[]> {
    const captured: { sql: string; params: unknown[] }[] = [];
    const query = db.dataSource.query.bind(db.dataSource);
    db.dataSource.query = ((sql: string, params?: unknown[]) => {
      if (/^\s*(SELECT|WITH)\b/i.test(sql)) captured.push({ sql, params: params ?? [] });
      return query(sql, params);
    }) as typeof db.dataSource.query;
    try {
      await screen();
    } finally {
      db.dataSource.query = query;
    }
    expect(captured.length).toBeGreaterThan(0);
    return captured;
  }

  async function seqScansOf(screen: () => Promise<unknown>): Promise<string[]> {
    const scans: string[] = [];
    for (const { sql, params } of await statementsOf(screen)) {
      const [{ 'QUERY PLAN': plan }]: { 'QUERY PLAN': { Plan: PlanNode }[] }[] = await db.dataSource.query(
        `EXPLAIN (FORMAT JSON) ${sql}`,
        params,
      );
      scans.push(...seqScans(plan[0].Plan).map((table) => `${table} in: ${sql.replace(/\s+/g, ' ').slice(0, 120)}`));
    }
    return scans;
  }

  it('the exception queue: its first page (未処理, by id) and the next', async () => {
    const exceptions = t.app.get(ExceptionsService);
    const first = await exceptions.list({ status: 'open', limit: 50, sort: 'id' });
    expect(first.items).toHaveLength(50);
    expect(await seqScansOf(() => exceptions.list({ status: 'open', limit: 50, sort: 'id' }))).toEqual([]);
    expect(await seqScansOf(() => exceptions.list({ status: 'open', limit: 50, sort: 'id', after: first.nextCursor! }))).toEqual([]);
  });

  it('the exception queue by 納付日, newest first: its first page and the next', async () => {
    const exceptions = t.app.get(ExceptionsService);
    const first = await exceptions.list({ status: 'open', limit: 50, sort: '-paidOn' });
    expect(first.items).toHaveLength(50);
    expect(await seqScansOf(() => exceptions.list({ status: 'open', limit: 50, sort: '-paidOn' }))).toEqual([]);
    expect(await seqScansOf(() => exceptions.list({ status: 'open', limit: 50, sort: '-paidOn', key: first.nextKey! }))).toEqual([]);
  });

  it("the evidence card of a matched payment: the payment, its matches, exceptions and the bill's balance", async () => {
    const [{ id }]: { id: number }[] = await db.dataSource.query(`SELECT max(payment_id)::int AS id FROM match`);
    const card = await t.app.get(EvidenceService).forPayment(id, 'plans');
    expect(card.bill).not.toBeNull();
    expect(await seqScansOf(() => t.app.get(EvidenceService).forPayment(id, 'plans'))).toEqual([]);
  });
});
