import { Database } from '../../src/database/database';
import { ExceptionsService } from '../../src/exceptions/exceptions.service';
import { DaysService } from '../../src/exceptions/days/days.service';
import { ExceptionCasesService } from '../../src/exceptions/exception-cases.service';
import { ResolutionsService } from '../../src/exceptions/resolutions/resolutions.service';
import { MatchingService } from '../../src/matching/matching.service';
import { billNumber, billsCsv, konbiniFile } from '../support/files';
import { startTestApp, TestApp } from '../support/test-app';

const A = billNumber('02', 2026, '03', 5001);
const B = billNumber('02', 2026, '04', 5002); // the same payer's next installment
const C = billNumber('05', 2026, '01', 5003);
const UNKNOWN = billNumber('02', 2026, '03', 5999);
const staff = { loginName: 'staff1', role: 'staff' };
const staff2 = { loginName: 'staff2', role: 'staff' };
const manager = { loginName: 'manager1', role: 'manager' };

// One app for the file; each test (and the audit chain's describe) starts from a fresh database.
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('resolving exceptions (会計課 workflow) on a real database', () => {
  let cases: ExceptionCasesService;
  let resolutions: ResolutionsService;
  let days: DaysService;
  beforeEach(async () => {
    await t.reset();
    cases = t.app.get(ExceptionCasesService);
    resolutions = t.app.get(ResolutionsService);
    days = t.app.get(DaysService);
    await t.user('staff', 'staff1');
    await t.intake('bills', {
      'bills.csv': billsCsv([
        { number: A, amount: 10000, due: '2026-11-30', payer: '0000000042' },
        { number: B, amount: 10000, due: '2026-12-25', payer: '0000000042' },
        { number: C, amount: 3000, due: '2026-11-30', payer: '0000000043' },
      ]),
    });
    await t.intake('konbini', {
      'S.dat': konbiniFile('2026-11-20', [
        { type: '01', bill: A, amount: 10000, paidOn: '2026-11-20', time: '0900' },
        { type: '01', bill: A, amount: 10000, paidOn: '2026-11-20', time: '1200', cvs: '820' },
        { type: '01', bill: C, amount: 2900, paidOn: '2026-11-20' },
        { type: '01', bill: UNKNOWN, amount: 4000, paidOn: '2026-11-19' },
      ]),
    });
  });

  const exceptionOf = async (type: string) => (await t.app.get(ExceptionsService).all({ type: type as never }))[0];
  const sql = <T>(text: string, params: unknown[] = []) => t.app.get(Database).dataSource.query(text, params) as Promise<T[]>;
  const openOf = async (bill: string) =>
    (
      await sql<{ open: number }>(
        `SELECT (b.amount - coalesce((SELECT sum(applied_amount) FROM match WHERE bill_id = b.id), 0)
                     - coalesce((SELECT sum(amount) FROM bill_adjustment WHERE bill_id = b.id), 0))::int AS open
       FROM bill b WHERE bill_number = $1`,
        [bill],
      )
    )[0].open;

  it("applies a duplicate payment to the same payer's next bill (充当) only after a different manager approves", async () => {
    const dup = await exceptionOf('duplicate_payment');
    const [billB] = await sql<{ id: number }>(`SELECT id FROM bill WHERE bill_number = $1`, [B]);
    const proposal = await resolutions.resolve(dup.id, { action: 'apply_to_bill', billId: billB.id, reason: '次期分へ充当' }, staff);
    expect(proposal.status).toBe('proposed');
    expect(await openOf(B)).toBe(10000);
    expect((await exceptionOf('duplicate_payment')).status).toBe('in_review');

    await expect(resolutions.approve(proposal.resolutionId, staff, 'self')).rejects.toMatchObject({ code: 'RESOLUTION_SELF_APPROVAL' });
    await resolutions.approve(proposal.resolutionId, manager, '確認しました');
    expect(await openOf(B)).toBe(0);
    expect(await exceptionOf('duplicate_payment')).toMatchObject({ status: 'resolved' });
    const [match] = await sql(`SELECT rule, created_by, applied_amount FROM match WHERE bill_id = $1`, [billB.id]);
    expect(match).toEqual({ rule: 'juto', created_by: 'staff1', applied_amount: 10000 });
  });

  it("refuses to apply a surplus to another payer's bill", async () => {
    const dup = await exceptionOf('duplicate_payment');
    const [billC] = await sql<{ id: number }>(`SELECT id FROM bill WHERE bill_number = $1`, [C]);
    await expect(resolutions.resolve(dup.id, { action: 'apply_to_bill', billId: billC.id, reason: 'x' }, staff)).rejects.toMatchObject({
      code: 'RESOLUTION_NOT_APPLICABLE',
    });
  });

  it('records a refund (還付) of a duplicate payment, and a rejected proposal leaves the case in review', async () => {
    const dup = await exceptionOf('duplicate_payment');
    const first = await resolutions.resolve(dup.id, { action: 'refund', reason: '還付します' }, staff);
    await resolutions.reject(first.resolutionId, manager, '口座確認が必要');
    expect((await exceptionOf('duplicate_payment')).status).toBe('in_review');
    const second = await resolutions.resolve(dup.id, { action: 'refund', reason: '口座確認済み、還付' }, staff2);
    await resolutions.approve(second.resolutionId, manager, 'OK');
    expect(await sql(`SELECT action, status, amount, proposed_by, decided_by FROM resolution ORDER BY id`)).toEqual([
      { action: 'refund', status: 'rejected', amount: 10000, proposed_by: 'staff1', decided_by: 'manager1' },
      { action: 'refund', status: 'applied', amount: 10000, proposed_by: 'staff2', decided_by: 'manager1' },
    ]);
  });

  it('matches an unknown-bill payment by hand to the chosen bill, and matching leaves that decision alone', async () => {
    const unknown = await exceptionOf('unknown_bill');
    const [billC] = await sql<{ id: number }>(`SELECT id FROM bill WHERE bill_number = $1`, [C]);
    const manual = await resolutions.resolve(unknown.id, { action: 'manual_match', billId: billC.id, reason: '番号の読み違い' }, staff);
    await resolutions.approve(manual.resolutionId, manager, 'OK');
    expect(await openOf(C)).toBe(0); // 2,900 from the store + 100 of the 4,000

    // A payment matched by a person is decided: matching leaves it alone.
    await t.app.get(MatchingService).run();
    expect(await sql(`SELECT count(*)::int AS n FROM match WHERE created_by = 'staff1'`)).toEqual([{ n: 1 }]);
  });

  it('undoes a wrong match by a reversal row, never by deleting it', async () => {
    const short = await exceptionOf('amount_short');
    const [match] = await sql<{ id: number }>(`SELECT m.id FROM match m JOIN bill b ON b.id = m.bill_id WHERE b.bill_number = $1`, [C]);
    const undo = await resolutions.resolve(short.id, { action: 'undo_match', matchId: match.id, reason: '別人の納付' }, staff);
    await resolutions.approve(undo.resolutionId, manager, 'OK');
    expect(
      await sql(
        `SELECT kind, applied_amount, reverses_match_id FROM match
          WHERE bill_id = (SELECT id FROM bill WHERE bill_number = $1) ORDER BY id`,
        [C],
      ),
    ).toEqual([
      { kind: 'apply', applied_amount: 2900, reverses_match_id: null },
      { kind: 'reversal', applied_amount: -2900, reverses_match_id: match.id },
    ]);
    expect(await openOf(C)).toBe(3000);
  });

  it('accepts a short payment as 分納 at once (no money moves), or writes off a small difference with approval', async () => {
    const short = await exceptionOf('amount_short');
    const writeOff = await resolutions.resolve(short.id, { action: 'write_off', reason: '端数100円' }, staff);
    expect(writeOff.status).toBe('proposed');
    await resolutions.approve(writeOff.resolutionId, manager, '承認');
    expect(await openOf(C)).toBe(0);
    expect(await sql(`SELECT kind, amount FROM bill_adjustment`)).toEqual([{ kind: 'write_off', amount: 100 }]);
  });

  it('applies a 分納 acceptance immediately because it moves no money', async () => {
    const short = await exceptionOf('amount_short');
    expect(await resolutions.resolve(short.id, { action: 'accept_installment', reason: '分納誓約あり' }, staff)).toMatchObject({
      status: 'applied',
    });
    expect((await exceptionOf('amount_short')).status).toBe('resolved');
    expect(await openOf(C)).toBe(100);
  });

  it('dismisses an unknown-bill payment only when a different manager approves: money is held (issue #6)', async () => {
    const unknown = await exceptionOf('unknown_bill');
    const proposal = await resolutions.resolve(unknown.id, { action: 'dismiss', reason: '他市の納付書：返送済み' }, staff);
    expect(proposal).toMatchObject({ status: 'proposed' });
    expect(await exceptionOf('unknown_bill')).toMatchObject({ status: 'in_review' });
    await resolutions.approve(proposal.resolutionId, manager, '返送を確認');
    expect(await exceptionOf('unknown_bill')).toMatchObject({ status: 'dismissed' });
  });

  it('dismisses a late payment at once: no money is held, only a late charge to check', async () => {
    await t.intake('konbini', { 'L.dat': konbiniFile('2026-12-02', [{ type: '01', bill: B, amount: 10000, paidOn: '2026-12-28' }]) });
    const late = await exceptionOf('late_payment');
    expect(await resolutions.resolve(late.id, { action: 'dismiss', reason: '延滞金なし（免除）' }, staff)).toMatchObject({
      status: 'applied',
    });
    expect(await exceptionOf('late_payment')).toMatchObject({ status: 'dismissed' });
  });

  it('refuses transitions without a reason and resolutions that do not fit the exception', async () => {
    const dup = await exceptionOf('duplicate_payment');
    await expect(cases.changeStatus(dup.id, 'in_review', staff, '')).rejects.toMatchObject({ code: 'EXCEPTION_REASON_REQUIRED' });
    await expect(cases.changeStatus(dup.id, 'resolved', staff, 'x')).rejects.toMatchObject({ code: 'EXCEPTION_ILLEGAL_TRANSITION' });
    await expect(resolutions.resolve(dup.id, { action: 'write_off', reason: 'x' }, staff)).rejects.toMatchObject({
      code: 'RESOLUTION_NOT_APPLICABLE',
    });
  });

  it('closes a day only when its exceptions are handled; a closed day refuses changes until reopened with a reason', async () => {
    await expect(days.close('2026-11-20', manager, undefined)).rejects.toMatchObject({ code: 'DAY_NOT_READY' });
    for (const e of await t.app.get(ExceptionsService).all({ date: '2026-11-20' })) {
      await cases.assign(e.id, 'staff1', manager, '翌日に持ち越し');
    }
    await days.close('2026-11-20', manager, '締め');
    const dup = await exceptionOf('duplicate_payment');
    await expect(resolutions.resolve(dup.id, { action: 'refund', reason: 'x' }, staff)).rejects.toMatchObject({ code: 'DAY_CLOSED' });
    await expect(days.reopen('2026-11-20', manager, '')).rejects.toMatchObject({ code: 'EXCEPTION_REASON_REQUIRED' });
    await days.reopen('2026-11-20', manager, '還付処理のため再開');
    await expect(resolutions.resolve(dup.id, { action: 'refund', reason: '還付' }, staff)).resolves.toMatchObject({ status: 'proposed' });
  });

  it('assigns many exceptions at once, all or none, and only to an active staff member', async () => {
    const ids = (await t.app.get(ExceptionsService).all({ status: 'open' })).map((e) => e.id);
    await expect(cases.assignMany(ids, 'nobody', manager, '一括')).rejects.toMatchObject({ code: 'EXCEPTION_UNKNOWN_ASSIGNEE' });
    await expect(cases.assignMany([...ids, 999999], 'staff1', manager, '一括')).rejects.toMatchObject({ code: 'WORKFLOW_NOT_FOUND' });
    expect(await t.app.get(ExceptionsService).all({ assignee: 'staff1' })).toEqual([]);

    expect(await cases.assignMany([...ids, ids[0]], 'staff1', manager, '一括で担当')).toBe(ids.length);
    const assigned = await t.app.get(ExceptionsService).all({ assignee: 'staff1' });
    expect(assigned.map((e) => [e.id, e.status])).toEqual(ids.map((id) => [id, 'in_review']));
    const rows = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'exception.assign'`);
    expect(rows[0].n).toBe(ids.length);
  });

  it('keeps a comment and an audit row for every change', async () => {
    const dup = await exceptionOf('duplicate_payment');
    await cases.comment(dup.id, '納付者に電話済み', staff);
    await cases.assign(dup.id, 'staff1', staff, '担当');
    const rows = await sql<{ action: string; actor: string }>(
      `SELECT action, actor FROM audit_log WHERE entity = 'recon_exception' ORDER BY id`,
    );
    expect(rows).toEqual([
      { action: 'exception.comment', actor: 'staff1' },
      { action: 'exception.assign', actor: 'staff1' },
      { action: 'exception.transition', actor: 'staff1' },
    ]);
  });
});

describe('audit log hash chain', () => {
  beforeAll(async () => {
    await t.reset();
    await t.intake('bills', { 'bills.csv': billsCsv([{ number: A, amount: 10000, due: '2026-11-30' }]) });
    await t.intake('konbini', { 'S.dat': konbiniFile('2026-11-20', [{ type: '01', bill: A, amount: 9000, paidOn: '2026-11-20' }]) });
    const [short] = await t.app.get(ExceptionsService).all({ type: 'amount_short' });
    await t.app.get(ExceptionCasesService).comment(short.id, '確認中', staff);
  });

  it('verifies an untouched chain and detects an edited row', async () => {
    const { AuditService } = await import('../../src/audit/audit.service');
    const audit = t.app.get(AuditService);
    const intact = await audit.verify();
    expect(intact).toMatchObject({ ok: true, broken: null });
    expect(intact.checked).toBeGreaterThanOrEqual(4);
    const db = t.app.get(Database).dataSource;
    const [victim] = await db.query(`SELECT id FROM audit_log WHERE action = 'exception.comment'`);
    // The table refuses UPDATE (finding 4 of issue #6): the owner bypasses its trigger, as an attacker would.
    await db.transaction(async (m) => {
      await m.query(`SET LOCAL session_replication_role = replica`);
      await m.query(`UPDATE audit_log SET after = '{"body": "改ざん"}' WHERE id = $1`, [victim.id]);
    });
    expect(await audit.verify()).toMatchObject({ ok: false, broken: { id: victim.id } });
  });
});
