import { Database } from '../../src/database/database';
import { DepositsService } from '../../src/deposits/deposits.service';
import { PayoutSourcesService } from '../../src/deposits/payout-sources.service';
import { ExceptionsService } from '../../src/exceptions/exceptions.service';
import { IntakeService } from '../../src/imports/intake.service';
import { eltaxFile, registerFile } from '../support/channel-files';
import { billNumber, billsCsv, konbiniFile } from '../support/files';
import { statementOf } from '../support/statement-files';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * 入金照合 on a real database: payments in through the real parsers, the bank's 入出金取引明細 through the
 * zengin-deposit parser, and each expected payout judged against the 入金 of its payout source.
 */

const A = billNumber('02', 2026, '03', 7001);
const B = billNumber('02', 2026, '03', 7002);
const C = billNumber('01', 2026, '03', 7003);
const D = billNumber('01', 2026, '03', 7004);
const staff = { loginName: 'staff1', role: 'staff' };
const manager = { loginName: 'manager1', role: 'manager' };
const manager2 = { loginName: 'manager2', role: 'manager' };

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const sql = <T>(text: string, params: unknown[] = []) => t.app.get(Database).dataSource.query(text, params) as Promise<T[]>;
const depositExceptions = async () =>
  (await t.app.get(ExceptionsService).all({}))
    .filter((e) => ['deposit_missing', 'deposit_amount_mismatch', 'unexpected_deposit', 'cash_not_deposited'].includes(e.type))
    .map(({ id: _id, typeLabel: _label, assignee: _assignee, ...e }) => e);

/**
 * The 収納代行 12345 pays net of 55円 per payment + 0.5%; eLTAX pays gross; the 金銭出納員 pays the counter's cash in
 * over the counter with no name, the next business day.
 */
async function setSources(): Promise<void> {
  const sources = t.app.get(PayoutSourcesService);
  await sources.set(
    { format: 'konbini', provider: '12345', payerName: 'ｶ)ﾀﾙﾐｽﾞｼｭｳﾉｳﾀﾞｲｺｳ', fees: 'net', feePerItem: 55, feeRate: 0.5 },
    'admin',
  );
  await sources.set({ format: 'eltax', provider: 'eltax', payerName: 'ﾁﾎｳｾﾞｲｷﾖｳﾄﾞｳｷｺｳ', toleranceDays: 1 }, 'admin');
  await sources.set({ format: 'city-cash', provider: 'counter', payerName: 'ﾀﾙﾐｽﾞｼｶｲｹｲｶﾝﾘｼｬ' }, 'admin');
}

/**
 * Payments: konbini 確報 of 12,000 + 8,000 due 11-26 (fees 2×55 + floor(20,000×0.5%) = 210 → 19,790) and of 5,000 due
 * 11-27 (fees 55 + 25 → 4,920); eLTAX 30,000 due 12-01; counter cash 1,200 + 800 on 11-25.
 */
async function loadPayments(): Promise<void> {
  await t.intake('bills', {
    'bills.csv': billsCsv([
      { number: A, amount: 12000, due: '2026-11-30' },
      { number: B, amount: 8000, due: '2026-11-30' },
      { number: C, amount: 5000, due: '2026-11-30' },
      { number: D, amount: 30000, due: '2026-11-30' },
    ]),
  });
  await t.intake('konbini', {
    'S1.dat': konbiniFile('2026-11-26', [
      { type: '02', bill: A, amount: 12000, paidOn: '2026-11-24' },
      { type: '02', bill: B, amount: 8000, paidOn: '2026-11-24', time: '1100' },
    ]),
    'S2.dat': konbiniFile('2026-11-27', [{ type: '02', bill: C, amount: 5000, paidOn: '2026-11-25' }]),
  });
  await t.intake('eltax', { 'E.csv': eltaxFile([{ bill: D, amount: 30000, paidOn: '20261125', receipt: 'R0001' }]) });
  await t.intake('city-cash', {
    'R.csv': registerFile([
      { receiptNo: 'C001', at: '2026/11/25 09:10:00', amount: 1200 },
      { receiptNo: 'C002', at: '2026/11/25 10:20:00', amount: 800 },
    ]),
  });
}

describe('deposits reconciliation (入金照合)', () => {
  beforeEach(async () => {
    await t.reset();
    await setSources();
    await loadPayments();
  });

  it('says nothing before the first statement: no outcome, no exception', async () => {
    expect(await t.app.get(DepositsService).list()).toEqual([]);
    expect(await depositExceptions()).toEqual([]);
  });

  it('pairs each expected payout with the 入金 of its payout source and judges it by the statements’ clock', async () => {
    const result = await t.intake('zengin-deposit', {
      'NYUSHUKKIN_20261202.dat': statementOf('2026-11-25', '2026-12-01', [
        { bookedOn: '2026-11-26', direction: 'credit', transactionCode: '10', amount: 2000 },
        { bookedOn: '2026-11-26', direction: 'credit', transactionCode: '11', amount: 19790, payerName: 'ﾀﾙﾐｽﾞｼﾕｳﾉｳﾀﾞｲｺｳ(ｶ' },
        { bookedOn: '2026-11-30', direction: 'credit', transactionCode: '11', amount: 777, payerName: 'ｶ)ﾀﾙﾐｽﾞｼﾕｳﾉｳﾀﾞｲ' },
        { bookedOn: '2026-12-01', direction: 'credit', transactionCode: '11', amount: 29000, payerName: 'ﾁﾎｳｾﾞｲｷﾖｳﾄﾞｳｷｺｳ' },
        { bookedOn: '2026-12-01', direction: 'debit', transactionCode: '11', amount: 500000, description: 'ｷﾕｳﾖ' },
        { bookedOn: '2026-12-01', direction: 'credit', transactionCode: '11', amount: 3000, payerName: 'ﾀﾙﾐｽﾞ ﾀﾛｳ' },
      ]),
    });
    expect(result.files).toEqual([
      expect.objectContaining({
        status: 'imported',
        accepted: 7,
        rejected: 0,
        counts: { statementAccounts: 1, statementEntriesCreated: 6 },
      }),
    ]);
    expect(await sql(`SELECT count(*)::int AS n FROM statement_entry`)).toEqual([{ n: 6 }]);
    expect(await sql(`SELECT count(*)::int AS n FROM payment WHERE first_batch_id = (SELECT max(id) FROM import_batch)`)).toEqual([
      { n: 0 },
    ]);

    const deposits = (await t.app.get(DepositsService).list()).map((d) => [
      d.format,
      d.provider,
      d.dueOn,
      d.expectedCount,
      d.expectedAmount,
      d.arrivedOn,
      d.arrivedAmount,
      d.status,
    ]);
    expect(deposits).toEqual([
      ['city-cash', 'counter', '2026-11-25', 2, 2000, '2026-11-26', 2000, 'matched'],
      ['konbini', '12345', '2026-11-26', 2, 19790, '2026-11-26', 19790, 'matched'],
      ['konbini', '12345', '2026-11-27', 1, 4920, null, null, 'missing'],
      ['konbini', '12345', null, null, null, '2026-11-30', 777, 'unexpected'],
      ['eltax', 'eltax', '2026-12-01', 1, 30000, '2026-12-01', 29000, 'mismatch'],
    ]);

    expect(await t.app.get(DepositsService).summary()).toEqual({
      coveredTo: '2026-12-01',
      missingCount: 1,
      missingAmount: 4920,
      shortCount: 1,
      shortAmount: 1000,
      unexpectedCount: 1,
      openExceptions: 3,
      counterCashNotDeposited: { amount: 0, days: 0, since: null },
    });
    expect(await depositExceptions()).toEqual([
      {
        type: 'deposit_missing',
        status: 'open',
        category: null,
        channel: 'convenience_store',
        billNumber: null,
        paymentRef: null,
        expectedAmount: 4920,
        paidAmount: null,
        paidOn: '2026-11-27',
        detail: expect.stringMatching(/^konbini:12345:2026-11-27: 入金予定 4,920円 \(1件 5,000円 − 手数料 80円\): 入金がありません/),
      },
      {
        type: 'deposit_amount_mismatch',
        status: 'open',
        category: null,
        channel: 'eltax',
        billNumber: null,
        paymentRef: '00000004',
        expectedAmount: 30000,
        paidAmount: 29000,
        paidOn: '2026-12-01',
        detail: expect.stringContaining('差額 -1,000円'),
      },
      {
        type: 'unexpected_deposit',
        status: 'open',
        category: null,
        channel: 'convenience_store',
        billNumber: null,
        paymentRef: '00000003',
        expectedAmount: null,
        paidAmount: 777,
        paidOn: '2026-11-30',
        detail: expect.stringContaining('2026-11-30 の入金 777円 (照会番号 00000003)'),
      },
    ]);
  });

  it('keeps a payout pending while its window ends after the last 勘定日, and calls it missing once a statement covers it', async () => {
    await t.intake('zengin-deposit', { 'N1.dat': statementOf('2026-11-25', '2026-11-30', []) });
    const statusOf = async () =>
      Object.fromEntries((await t.app.get(DepositsService).list()).map((d) => [`${d.format} ${d.dueOn}`, d.status]));
    expect(await statusOf()).toEqual({
      'city-cash 2026-11-25': 'missing',
      'konbini 2026-11-26': 'missing',
      'konbini 2026-11-27': 'missing',
      'eltax 2026-12-01': 'pending',
    });
    expect((await depositExceptions()).map((e) => e.type)).toEqual(['cash_not_deposited', 'deposit_missing', 'deposit_missing']);
    expect((await t.app.get(DepositsService).summary()).counterCashNotDeposited).toEqual({ amount: 2000, days: 1, since: '2026-11-25' });
    // eLTAX's tolerance is one business day: 12-01 and 12-02 are on time; a statement to 12-02 decides it.
    await t.intake('zengin-deposit', {
      'N2.dat': statementOf('2026-12-01', '2026-12-02', [
        { bookedOn: '2026-12-02', direction: 'credit', transactionCode: '11', amount: 30000, payerName: 'ﾁﾎｳｾﾞｲｷﾖｳﾄﾞｳｷｺｳｾﾝﾀｰ' },
      ]),
    });
    expect((await statusOf())['eltax 2026-12-01']).toBe('matched');
  });

  it('closes a missing payout by itself when the money comes late, and changes nothing when run again', async () => {
    await t.intake('zengin-deposit', { 'N1.dat': statementOf('2026-11-25', '2026-11-30', []) });
    await t.intake('zengin-deposit', {
      'N2.dat': statementOf('2026-12-01', '2026-12-03', [
        { bookedOn: '2026-12-02', direction: 'credit', transactionCode: '11', amount: 4920, payerName: 'ﾀﾙﾐｽﾞｼﾕｳﾉｳﾀﾞｲｺｳ' },
      ]),
    });
    const late = (await t.app.get(DepositsService).list()).find((d) => d.dueOn === '2026-11-27')!;
    expect(late).toMatchObject({ status: 'late', arrivedOn: '2026-12-02', arrivedAmount: 4920 });
    const missing = await sql<{ status: string; resolved_by: string }>(
      `SELECT status, resolved_by FROM recon_exception WHERE type = 'deposit_missing' AND payout_due_on = '2026-11-27'`,
    );
    expect(missing).toEqual([{ status: 'resolved', resolved_by: 'system' }]);
    const before = await sql(`SELECT id, type, status FROM recon_exception ORDER BY id`);
    const audits = await sql(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'exception.transition'`);
    await t.app.get(IntakeService).match('test');
    expect(await sql(`SELECT id, type, status FROM recon_exception ORDER BY id`)).toEqual(before);
    expect(await sql(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'exception.transition'`)).toEqual(audits);
  });

  it('loads a statement uploaded through the API once a second person releases it (取込保留)', async () => {
    const staffAgent = await t.login('staff', 'staff1');
    const managerAgent = await t.login('manager', 'manager1');
    const bytes = statementOf('2026-11-25', '2026-11-27', [
      { bookedOn: '2026-11-26', direction: 'credit', transactionCode: '10', amount: 2000 },
    ]);
    const held = await staffAgent
      .post('/api/imports')
      .field('format', 'auto')
      .field('receivedOn', '2026-11-27')
      .attach('file', bytes, 'NYUSHUKKIN_20261127.dat')
      .expect(201);
    expect(held.body.files[0]).toMatchObject({ status: 'held', format: 'zengin-deposit' });
    expect(await sql(`SELECT count(*)::int AS n FROM statement_entry`)).toEqual([{ n: 0 }]);
    await managerAgent.post(`/api/imports/${held.body.files[0].batchId}/release`).send({ reason: '銀行の明細と確認' }).expect(200);
    expect(await sql(`SELECT count(*)::int AS n FROM statement_entry`)).toEqual([{ n: 1 }]);
    const counter = (await t.app.get(DepositsService).list()).find((d) => d.format === 'city-cash');
    expect(counter).toMatchObject({ status: 'matched', arrivedOn: '2026-11-26', arrivedAmount: 2000 });
  });

  it('resolves a short payout: the fee difference accepted by a second manager, a missing payout linked to its deposit', async () => {
    await t.user('staff', 'staff1');
    await t.user('manager', 'manager1');
    await t.user('manager', 'manager2');
    await t.intake('zengin-deposit', {
      'N.dat': statementOf('2026-11-25', '2026-12-03', [
        { bookedOn: '2026-11-26', direction: 'credit', transactionCode: '10', amount: 2000 },
        { bookedOn: '2026-11-26', direction: 'credit', transactionCode: '11', amount: 19790, payerName: 'ﾀﾙﾐｽﾞｼﾕｳﾉｳﾀﾞｲｺｳ' },
        { bookedOn: '2026-12-01', direction: 'credit', transactionCode: '11', amount: 29000, payerName: 'ﾁﾎｳｾﾞｲｷﾖｳﾄﾞｳｷｺｳ' },
        { bookedOn: '2026-12-03', direction: 'credit', transactionCode: '11', amount: 4900, payerName: 'ﾀﾙﾐｽﾞｼﾕｳﾉｳﾀﾞｲｺｳ' },
      ]),
    });
    const { ResolutionsService } = await import('../../src/exceptions/resolutions/resolutions.service');
    const resolutions = t.app.get(ResolutionsService);
    const [mismatch] = await sql<{ id: number }>(`SELECT id FROM recon_exception WHERE type = 'deposit_amount_mismatch'`);
    const proposal = await resolutions.resolve(
      mismatch.id,
      { action: 'accept_fee_difference', reason: '振込手数料1,000円を先方負担で差引と確認' },
      staff,
    );
    expect(proposal).toMatchObject({ status: 'proposed' });
    await resolutions.approve(proposal.resolutionId, manager, '確認しました');
    expect(await sql(`SELECT status, resolved_by FROM recon_exception WHERE id = $1`, [mismatch.id])).toEqual([
      { status: 'resolved', resolved_by: 'manager1' },
    ]);
    expect(await sql(`SELECT amount FROM resolution WHERE id = $1`, [proposal.resolutionId])).toEqual([{ amount: 1000 }]);

    const [missing] = await sql<{ id: number }>(`SELECT id FROM recon_exception WHERE type = 'deposit_missing'`);
    const [credit] = await sql<{ id: number }>(`SELECT id FROM statement_entry WHERE amount = 4900`);
    const escalated = await resolutions.resolve(missing.id, { action: 'escalate_to_provider', reason: '収納代行へ照会' }, staff);
    expect(escalated.status).toBe('applied');
    expect(await sql(`SELECT status FROM recon_exception WHERE id = $1`, [missing.id])).toEqual([{ status: 'in_review' }]);
    const link = await resolutions.resolve(
      missing.id,
      { action: 'link_deposit', statementEntryId: credit.id, reason: '12/3 入金が11/27分と回答あり' },
      manager,
    );
    await expect(resolutions.approve(link.resolutionId, manager, 'ok')).rejects.toMatchObject({ code: 'RESOLUTION_SELF_APPROVAL' });
    await resolutions.approve(link.resolutionId, manager2, '回答書を確認');
    await t.app.get(IntakeService).match('test');
    const linked = (await t.app.get(DepositsService).list()).find((d) => d.dueOn === '2026-11-27')!;
    expect(linked).toMatchObject({ status: 'mismatch', arrivedOn: '2026-12-03', arrivedAmount: 4900 });
    expect((await depositExceptions()).map((e) => [e.type, e.status, e.expectedAmount, e.paidAmount])).toEqual([
      ['deposit_missing', 'resolved', 4920, null],
      ['deposit_amount_mismatch', 'resolved', 30000, 29000],
      ['unexpected_deposit', 'resolved', null, 4900],
      ['deposit_amount_mismatch', 'open', 4920, 4900],
    ]);
  });
});
