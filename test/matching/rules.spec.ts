import type { QueryRunner } from 'typeorm';
import type { IsoDate } from '../../src/common/calendar';
import type { FormatCode } from '../../src/common/codes';
import { sourcesOf } from '../../src/common/exception-lifecycle';
import { Database } from '../../src/database/database';
import { DaysRepository } from '../../src/exceptions/days/days.repository';
import { ExceptionsService } from '../../src/exceptions/exceptions.service';
import { ResolutionsService } from '../../src/exceptions/resolutions/resolutions.service';
import { ImportService } from '../../src/imports/import.service';
import { MatchingRepository } from '../../src/matching/matching.repository';
import { qrFile, registerFile } from '../support/channel-files';
import { billNumber, billsCsv, konbiniFile } from '../support/files';
import { startTestApp, TestApp } from '../support/test-app';

const A = billNumber('02', 2026, '03', 8001);
const B = billNumber('01', 2026, '03', 8002);
const M = '462144';
const MACHINE_EDGE = sourcesOf('resolved', 'system');
const ROLLBACK = new Error('rolled back on purpose');

/**
 * Each matching rule is one statement of MatchingRepository: here each is run on its own, inside a matching
 * run's transaction that is rolled back, on files imported through the real parsers but not yet matched.
 */
describe('matching rules, one statement at a time', () => {
  let t: TestApp;
  let rules: MatchingRepository;
  beforeEach(async () => {
    t = await startTestApp();
    rules = t.app.get(MatchingRepository);
    await t.intake('bills', {
      'bills.csv': billsCsv([
        { number: A, amount: 10000, due: '2026-11-30' },
        { number: B, amount: 5000, due: '2026-11-30' },
      ]),
    });
  });
  afterEach(() => t.close());

  /** Imports without matching: the state a matching run starts from. */
  const load = (format: FormatCode, fileName: string, bytes: Buffer, receivedOn: IsoDate = '2026-11-26') =>
    t.app.get(ImportService).importFile({ fileName, bytes }, { format, receivedOn, actor: 'test', arrivedVia: 'cli' });
  /** Runs `work` as part of a matching run, then rolls the run back. */
  const inRun = async <T>(work: (q: QueryRunner) => Promise<T>): Promise<T> => {
    let result: T | undefined;
    await t.app
      .get(Database)
      .transaction(async (q) => {
        await rules.startRun(q);
        result = await work(q);
        throw ROLLBACK;
      })
      .catch((error) => {
        if (error !== ROLLBACK) throw error;
      });
    return result as T;
  };
  const paymentId = async (amount: number) =>
    (await t.app.get(Database).dataSource.query(`SELECT id FROM payment WHERE amount = $1`, [amount]))[0].id as number;
  const threePaymentsOfA = () =>
    load(
      'konbini',
      'S.dat',
      konbiniFile('2026-12-02', [
        { type: '01', bill: A, amount: 7000, paidOn: '2026-11-20' },
        { type: '01', bill: A, amount: 4000, paidOn: '2026-11-18' },
        { type: '01', bill: A, amount: 500, paidOn: '2026-11-21' },
        { type: '01', bill: B, amount: 5000, paidOn: '2026-12-01' },
      ]),
    );

  it('selectCandidates: leaves the payments of a closed day (日次締め) undecided until the day is reopened', async () => {
    await threePaymentsOfA();
    const days = t.app.get(DaysRepository);
    const close = (q: QueryRunner, action: 'close' | 'reopen') =>
      days.record(q, { municipalityCode: M, day: '2026-11-20', action, actor: 'manager1', reason: null });
    const candidateDays = (q: QueryRunner) => q.query(`SELECT DISTINCT paid_on::text AS day FROM match_candidate ORDER BY 1`);

    expect(
      await inRun(async (q) => {
        await close(q, 'close');
        expect(await rules.selectCandidates(q, M)).toBe(3);
        return candidateDays(q);
      }),
    ).toEqual([{ day: '2026-11-18' }, { day: '2026-11-21' }, { day: '2026-12-01' }]);
    expect(
      await inRun(async (q) => {
        await close(q, 'close');
        await close(q, 'reopen');
        expect(await rules.selectCandidates(q, M)).toBe(4);
        return candidateDays(q);
      }),
    ).toHaveLength(4);
  });

  it("computeOpenAmounts: meets each payment with the bill's balance less what earlier payments of the run paid", async () => {
    await threePaymentsOfA();
    expect(
      await inRun(async (q) => {
        await rules.selectCandidates(q, M);
        await rules.computeOpenAmounts(q);
        return q.query(`SELECT amount, open_amount::int AS open FROM match_outcome ORDER BY paid_on, id`);
      }),
    ).toEqual([
      { amount: 4000, open: 10000 },
      { amount: 7000, open: 6000 },
      { amount: 500, open: 0 },
      { amount: 5000, open: 5000 },
    ]);
  });

  it('applyMatches: applies each payment up to the open amount it meets, naming the rule and why', async () => {
    await threePaymentsOfA();
    const matches = await inRun(async (q) => {
      await rules.selectCandidates(q, M);
      await rules.computeOpenAmounts(q);
      expect(await rules.applyMatches(q)).toBe(3);
      return q.query(
        `SELECT p.amount, m.rule, m.applied_amount, m.reason FROM match m JOIN payment p ON p.id = m.payment_id ORDER BY p.paid_on`,
      );
    });
    expect(matches).toEqual([
      { amount: 4000, rule: 'partial', applied_amount: 4000, reason: expect.stringContaining('残額 10,000円に充当') },
      { amount: 7000, rule: 'excess', applied_amount: 6000, reason: expect.stringContaining('残額 6,000円を消込、超過 1,000円') },
      { amount: 5000, rule: 'exact', applied_amount: 5000, reason: expect.stringContaining('5,000円') },
    ]);
  });

  it('flagOutcomes: short, over, a duplicate naming the payments that settled the bill, and late', async () => {
    await threePaymentsOfA();
    const flags = await inRun(async (q) => {
      await rules.selectCandidates(q, M);
      await rules.computeOpenAmounts(q);
      await rules.applyMatches(q);
      await rules.flagOutcomes(q);
      return q.query(`SELECT f.type, f.expected_amount::int AS expected, f.paid_amount AS paid, f.detail
                        FROM match_flag f JOIN payment p ON p.id = f.payment_id ORDER BY p.paid_on, f.type`);
    });
    expect(flags.map((f: { type: string; expected: number; paid: number }) => [f.type, f.expected, f.paid])).toEqual([
      ['amount_short', 10000, 4000],
      ['amount_over', 6000, 7000],
      ['duplicate_payment', 0, 500],
      ['late_payment', 5000, 5000],
    ]);
    const duplicate = flags.find((f: { type: string }) => f.type === 'duplicate_payment').detail;
    expect(duplicate).toContain(`#${await paymentId(7000)} コンビニ 2026-11-20`);
    expect(duplicate).toContain(`#${await paymentId(4000)} コンビニ 2026-11-18`);
  });

  it('computeOpenAmounts: a write-off (端数処理) leaves nothing open for a later payment (bill_balance)', async () => {
    await t.intake('konbini', { 'S.dat': konbiniFile('2026-11-18', [{ type: '01', bill: A, amount: 9990, paidOn: '2026-11-18' }]) });
    const [short] = await t.app.get(ExceptionsService).all({ type: 'amount_short' });
    const resolutions = t.app.get(ResolutionsService);
    const writeOff = await resolutions.resolve(
      short.id,
      { action: 'write_off', reason: '端数10円' },
      { loginName: 'staff1', role: 'staff' },
    );
    await resolutions.approve(writeOff.resolutionId, { loginName: 'manager1', role: 'manager' }, '承認');
    await load('konbini', 'T.dat', konbiniFile('2026-11-25', [{ type: '01', bill: A, amount: 10, paidOn: '2026-11-24' }]));
    expect(
      await inRun(async (q) => {
        await rules.selectCandidates(q, M);
        await rules.computeOpenAmounts(q);
        await rules.flagOutcomes(q);
        return q.query(`SELECT o.open_amount::int AS open, f.type FROM match_outcome o JOIN match_flag f ON f.payment_id = o.id`);
      }),
    ).toEqual([{ open: 0, type: 'duplicate_payment' }]);
  });

  it('closeSettledFlags: the machine closes a 速報のみ once its 確報 arrives, with the reason and a transition to audit', async () => {
    await t.intake('konbini', { 'S1.dat': konbiniFile('2026-11-05', [{ type: '01', bill: A, amount: 10000, paidOn: '2026-11-05' }]) });
    await t.intake('konbini', { 'S2.dat': konbiniFile('2026-11-20', [{ type: '01', bill: B, amount: 5000, paidOn: '2026-11-19' }]) });
    const [flag] = await t.app.get(ExceptionsService).all({ type: 'preliminary_only' });
    expect(flag).toMatchObject({ status: 'open', billNumber: A });
    await load('konbini', 'F.dat', konbiniFile('2026-11-24', [{ type: '02', bill: A, amount: 10000, paidOn: '2026-11-05' }]));
    const [closed, moved] = await inRun(async (q) => {
      await rules.closeSettledFlags(q, M, MACHINE_EDGE);
      return Promise.all([
        q.query(`SELECT status, resolved_by, resolution FROM recon_exception WHERE id = $1`, [flag.id]),
        rules.machineTransitions(q),
      ]);
    });
    expect(closed).toEqual([
      { status: 'resolved', resolved_by: 'system', resolution: expect.stringContaining('後続データの到着により解消') },
    ]);
    expect(moved).toEqual([expect.objectContaining({ exception_id: flag.id, from_status: 'open', to_status: 'resolved' })]);
  });

  it("closeArrivedCounterQr: a register QR row's 速報のみ closes once the provider's transaction is linked to it", async () => {
    await t.intake('city-cash', { 'REG.csv': registerFile([{ receiptNo: 'R-7', at: '2026/11/05 09:00:00', amount: 300, qr: 'Q7' }]) });
    await t.intake('qr-counter', { 'QR_1120.csv': qrFile([{ id: 'Q8', at: '2026/11/20 09:00:00', amount: 300 }]) });
    const [flag] = await t.app.get(ExceptionsService).all({ type: 'preliminary_only' });
    expect(flag).toMatchObject({ status: 'open', paymentRef: 'Q7' });
    await load('qr-counter', 'QR_late.csv', qrFile([{ id: 'Q7', at: '2026/11/05 09:00:30', amount: 300 }]));
    expect(
      await inRun(async (q) => {
        await rules.closeArrivedCounterQr(q, M, MACHINE_EDGE);
        const before = await q.query(`SELECT status FROM recon_exception WHERE id = $1`, [flag.id]);
        await rules.linkCounterReceipts(q, M);
        await rules.closeArrivedCounterQr(q, M, MACHINE_EDGE);
        return [before, await q.query(`SELECT status, resolution FROM recon_exception WHERE id = $1`, [flag.id])];
      }),
    ).toEqual([[{ status: 'open' }], [{ status: 'resolved', resolution: expect.stringContaining('後続データの到着により解消') }]]);
  });
});
