import type { QueryRunner } from 'typeorm';
import { AuditService } from '../../src/audit/audit.service';
import { Database } from '../../src/database/database';
import { ExceptionsService } from '../../src/exceptions/exceptions.service';
import { ExceptionCasesService } from '../../src/exceptions/exception-cases.service';
import { MatchingService } from '../../src/matching/matching.service';
import { qrFile, registerFile } from '../support/channel-files';
import { billNumber, billsCsv, konbiniFile } from '../support/files';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Issue #6, finding 3: matching closed exceptions with plain UPDATEs and one summary audit row. Every
 * machine transition now goes through the life cycle's edges (the machine closes only an untouched open
 * flag) and leaves its own audit row, by `system`, with its reason — written in bulk, never a query per
 * exception; a second run writes none.
 */

const PRELIM = billNumber('02', 2026, '03', 9001); // 速報 on 11/05, 確報 later: preliminary_only closes
const PRELIM_TAKEN = billNumber('02', 2026, '03', 9002); // the same, but a person took it up
const LATE_BILL = billNumber('03', 2026, '01', 9003); // paid before its bill was loaded: unknown_bill closes
const LATE_BILL_TAKEN = billNumber('03', 2026, '01', 9004); // the same, but a person took it up
const SHORT = billNumber('05', 2026, '01', 9005); // paid short, then the payment is cancelled
const staff = { loginName: 'staff1', role: 'staff' };

type Sql = <T>(text: string, params?: unknown[]) => Promise<T[]>;

interface Transition {
  entity_id: string;
  actor: string;
  before: { status: string };
  after: { status: string };
  reason: string;
}

// One app for the file; the second describe starts from a fresh database.
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('machine transitions go through the state machine and are audited (issue #6, finding 3)', () => {
  let sql: Sql;
  const exceptionId = async (type: string, ref: string) =>
    (
      await sql<{ id: number }>(
        `SELECT e.id FROM recon_exception e LEFT JOIN payment p ON p.id = e.payment_id
                                 LEFT JOIN counter_receipt r ON r.id = e.receipt_id
                                WHERE e.type = $1 AND $2 IN (p.bill_number, p.payment_ref, r.qr_transaction_id)`,
        [type, ref],
      )
    )[0].id;
  const systemTransitions = () =>
    sql<Transition>(
      `SELECT entity_id, actor, before, after, reason FROM audit_log
        WHERE action = 'exception.transition' AND actor = 'system' ORDER BY id`,
    );

  beforeAll(async () => {
    sql = <T>(text: string, params: unknown[] = []) => t.app.get(Database).dataSource.query(text, params) as Promise<T[]>;
    await t.intake('bills', {
      'bills.csv': billsCsv([
        { number: PRELIM, amount: 7000, due: '2026-11-30' },
        { number: PRELIM_TAKEN, amount: 7000, due: '2026-11-30' },
        { number: SHORT, amount: 3000, due: '2026-11-30' },
      ]),
    });
    await t.intake('konbini', {
      'S1105.dat': konbiniFile('2026-11-05', [
        { type: '01', bill: PRELIM, amount: 7000, paidOn: '2026-11-05' },
        { type: '01', bill: PRELIM_TAKEN, amount: 7000, paidOn: '2026-11-05', time: '1100' },
      ]),
    });
    await t.intake('konbini', {
      'S1120.dat': konbiniFile('2026-11-20', [
        { type: '01', bill: LATE_BILL, amount: 4000, paidOn: '2026-11-20' },
        { type: '01', bill: LATE_BILL_TAKEN, amount: 4500, paidOn: '2026-11-20' },
        { type: '01', bill: SHORT, amount: 2000, paidOn: '2026-11-20', time: '1300' },
      ]),
    });
    // The city-hall counter: a QR payment with no register row yet, and a register QR row whose transaction is late.
    await t.intake('city-cash', { 'REG_1105.csv': registerFile([{ receiptNo: 'R-7', at: '2026/11/05 09:00:00', amount: 300, qr: 'Q7' }]) });
    await t.intake('qr-counter', { 'QR_1120.csv': qrFile([{ id: 'Q9', at: '2026/11/20 11:00:00', amount: 300 }]) });
    expect((await t.app.get(ExceptionsService).all({ status: 'open' })).map((e) => e.type).sort()).toEqual([
      'amount_short',
      'preliminary_only',
      'preliminary_only',
      'preliminary_only',
      'unknown_bill',
      'unknown_bill',
      'unknown_bill',
    ]);
    expect(await systemTransitions()).toEqual([]);

    // A person takes two cases up: the machine must leave them alone from now on.
    const cases = t.app.get(ExceptionCasesService);
    await t.user('staff', 'staff1');
    await cases.assign(await exceptionId('unknown_bill', LATE_BILL_TAKEN), 'staff1', staff, '納付者に確認中');
    await cases.assign(await exceptionId('preliminary_only', PRELIM_TAKEN), 'staff1', staff, '収納代行に照会中');

    // What makes five flags no longer hold, one per way matching re-decides: the bills arrive, the 確報
    // arrive, the short payment is cancelled, the register row of Q9 and the transaction of R-7 arrive.
    await t.intake('bills', {
      'late-bills.csv': billsCsv([
        { number: LATE_BILL, amount: 4000, due: '2026-11-30' },
        { number: LATE_BILL_TAKEN, amount: 4500, due: '2026-11-30' },
      ]),
    });
    await t.intake('konbini', {
      'S1124.dat': konbiniFile('2026-11-24', [
        { type: '02', bill: PRELIM, amount: 7000, paidOn: '2026-11-05' },
        { type: '02', bill: PRELIM_TAKEN, amount: 7000, paidOn: '2026-11-05', time: '1100' },
        { type: '03', bill: SHORT, amount: 2000, paidOn: '2026-11-20', time: '1300' },
      ]),
    });
    await t.intake('city-cash', { 'REG_1120.csv': registerFile([{ receiptNo: 'R-9', at: '2026/11/20 11:00:00', amount: 300, qr: 'Q9' }]) });
    await t.intake('qr-counter', { 'QR_1121.csv': qrFile([{ id: 'Q7', at: '2026/11/05 09:00:30', amount: 300 }]) });
  });

  it('leaves one audit row by system per machine close, with the reason the exception carries', async () => {
    const closed = await sql<{ id: number; type: string; resolution: string }>(
      `SELECT id, type, resolution FROM recon_exception WHERE resolved_by = 'system' ORDER BY id`,
    );
    expect(closed.map((e) => e.id).sort()).toEqual(
      [
        await exceptionId('preliminary_only', PRELIM),
        await exceptionId('unknown_bill', LATE_BILL),
        await exceptionId('amount_short', SHORT),
        await exceptionId('preliminary_only', 'Q7'),
        await exceptionId('unknown_bill', 'Q9'),
      ].sort(),
    );
    const rows = await systemTransitions();
    expect(rows.map((r) => Number(r.entity_id)).sort()).toEqual(closed.map((e) => e.id).sort());
    for (const e of closed) {
      expect(e.resolution).toMatch(/\S+ \/ \S+/);
      expect(rows.find((r) => Number(r.entity_id) === e.id)).toEqual({
        entity_id: String(e.id),
        actor: 'system',
        before: { status: 'open' },
        after: { status: 'resolved' },
        reason: e.resolution,
      });
    }
  });

  it('never closes a case a person took up, though its flag no longer holds', async () => {
    for (const [type, ref] of [
      ['unknown_bill', LATE_BILL_TAKEN],
      ['preliminary_only', PRELIM_TAKEN],
    ]) {
      const id = await exceptionId(type, ref);
      expect(await sql(`SELECT status, resolved_by FROM recon_exception WHERE id = $1`, [id])).toEqual([
        { status: 'in_review', resolved_by: null },
      ]);
      expect((await systemTransitions()).filter((r) => Number(r.entity_id) === id)).toEqual([]);
    }
    expect(await sql(`SELECT m.id FROM match m JOIN payment p ON p.id = m.payment_id WHERE p.bill_number = $1`, [LATE_BILL_TAKEN])).toEqual(
      [],
    );
  });

  it("shows the machine's transition in the case history, and the audit chain holds", async () => {
    const detail = await t.app.get(ExceptionsService).get(await exceptionId('unknown_bill', LATE_BILL));
    expect(detail.history).toEqual([
      expect.objectContaining({
        actor: 'system',
        action: 'exception.transition',
        after: { status: 'resolved' },
        reason: detail.resolution,
      }),
    ]);
    expect(await t.app.get(AuditService).verify()).toMatchObject({ ok: true, broken: null });
  });

  it('writes no transition on a second run: nothing changed', async () => {
    const before = (await systemTransitions()).length;
    expect(await t.app.get(MatchingService).run()).toMatchObject({ superseded: 0 });
    expect((await systemTransitions()).length).toBe(before);
  });
});

describe('machine transitions are written set-based', () => {
  /** The statements the matching transaction sends: told apart by its advisory lock. */
  async function matchingQueries(work: () => Promise<unknown>): Promise<number> {
    const ds = t.app.get(Database).dataSource;
    const original = ds.createQueryRunner.bind(ds);
    const runners: string[][] = [];
    const spy = jest.spyOn(ds, 'createQueryRunner').mockImplementation((...args) => {
      const runner: QueryRunner = original(...args);
      const query = runner.query.bind(runner) as (...a: unknown[]) => Promise<unknown>;
      const seen: string[] = [];
      runners.push(seen);
      runner.query = ((text: string, ...rest: unknown[]) => {
        seen.push(text);
        return query(text, ...rest);
      }) as QueryRunner['query'];
      return runner;
    });
    try {
      await work();
    } finally {
      spy.mockRestore();
    }
    const matching = runners.filter((seen) => seen.some((text) => text.includes(`'keshikomi.match'`)));
    expect(matching).toHaveLength(1);
    return matching[0].length;
  }

  it('sends as many statements to close 30 flags as to close one', async () => {
    await t.reset();
    const bills = Array.from({ length: 31 }, (_, i) => ({
      number: billNumber('07', 2026, '11', 7000 + i),
      amount: 1000 + i,
      due: '2026-11-30' as const,
    }));
    const payments = bills.map((b) => ({ type: '01' as const, bill: b.number, amount: b.amount, paidOn: '2026-11-20' as const }));
    await t.intake('konbini', { 'S.dat': konbiniFile('2026-11-20', payments) });
    expect(await t.app.get(ExceptionsService).all({ type: 'unknown_bill', status: 'open' })).toHaveLength(31);

    const one = await matchingQueries(() => t.intake('bills', { 'one.csv': billsCsv(bills.slice(0, 1)) }));
    const thirty = await matchingQueries(() => t.intake('bills', { 'thirty.csv': billsCsv(bills.slice(1)) }));
    const rows = await t.app
      .get(Database)
      .dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'exception.transition' AND actor = 'system'`);
    expect(rows).toEqual([{ n: 31 }]);
    expect(thirty).toBe(one);
  });
});
