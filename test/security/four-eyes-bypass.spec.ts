import { mulberry32, pick } from '../../generator/random';
import { Database } from '../../src/database/database';
import { RESOLUTION_ACTIONS } from '../../src/exceptions/resolution-rules';
import { MatchingService } from '../../src/matching/matching.service';
import { BILL, intakeEveryExceptionType } from '../support/every-exception';
import { Agent, startTestApp, TestApp } from '../support/test-app';

/**
 * Issue #6, finding 2: a staff member closed an 過誤納 by a status change, dismissed a 二重納付 alone, and
 * dismissed a case whose 還付 proposal was waiting, leaving the proposal stuck. Exceptions are closed only
 * by a resolution; dismissing one where money is held is four-eyes; nothing moves while a proposal waits.
 */

/** The types where no money is held (issue #6): dismissing them needs no second person. */
const NO_MONEY_HELD = ['late_payment', 'preliminary_only', 'final_only', 'control_total_mismatch', 'cancelled_payment'];

interface Row {
  id: number;
  type: string;
  status: string;
}

// One app for the file; each describe starts from a fresh database with one exception of every type.
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

async function setUp(): Promise<{ t: TestApp; sql: <T>(text: string, params?: unknown[]) => Promise<T[]>; as: Record<string, Agent> }> {
  const t = app;
  await t.reset();
  await intakeEveryExceptionType(t);
  const as: Record<string, Agent> = {
    staff1: await t.login('staff', 'staff1'),
    staff2: await t.login('staff', 'staff2'),
    manager1: await t.login('manager', 'manager1'),
    manager2: await t.login('manager', 'manager2'),
  };
  const sql = <T>(text: string, params: unknown[] = []) => t.app.get(Database).dataSource.query(text, params) as Promise<T[]>;
  return { t, sql, as };
}

describe('four-eyes through the exception queue (issue #6, finding 2)', () => {
  let sql: <T>(text: string, params?: unknown[]) => Promise<T[]>;
  let as: Record<string, Agent>;
  beforeAll(async () => ({ sql, as } = await setUp()));

  const exceptionOf = async (type: string) => (await sql<Row>(`SELECT id, type, status FROM recon_exception WHERE type = $1`, [type]))[0];
  const detail = async (id: number) => (await as.manager1.get(`/api/exceptions/${id}`).expect(200)).body;

  it('(a) never closes an 過誤納 by a status change: resolved and dismissed come only from a resolution', async () => {
    const over = await exceptionOf('amount_over');
    await as.staff1.post(`/api/exceptions/${over.id}/assign`).send({ assignee: 'staff1', reason: '担当します' }).expect(204);
    for (const status of ['resolved', 'dismissed']) {
      const refused = await as.staff1.post(`/api/exceptions/${over.id}/status`).send({ status, reason: '還付済み' });
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('EXCEPTION_ILLEGAL_TRANSITION');
    }
    expect(await detail(over.id)).toMatchObject({ status: 'in_review', resolution: null, resolutions: [] });
  });

  it('(b) a dismiss of a 二重納付 takes effect only when a different manager approves it, whatever the amount', async () => {
    const dup = await exceptionOf('duplicate_payment');
    const proposal = await as.staff1
      .post(`/api/exceptions/${dup.id}/resolve`)
      .send({ action: 'dismiss', reason: '納付者と相殺済み' })
      .expect(200);
    expect(proposal.body.status).toBe('proposed');
    expect((await exceptionOf('duplicate_payment')).status).toBe('in_review');
    await as.staff1.post(`/api/resolutions/${proposal.body.resolutionId}/approve`).send({ reason: 'self' }).expect(403);
    await as.manager1.post(`/api/resolutions/${proposal.body.resolutionId}/approve`).send({ reason: '確認しました' }).expect(204);
    expect(await detail(dup.id)).toMatchObject({
      status: 'dismissed',
      resolvedBy: 'manager1',
      resolutions: [
        expect.objectContaining({
          action: 'dismiss',
          status: 'applied',
          requiresApproval: true,
          proposedBy: 'staff1',
          decidedBy: 'manager1',
        }),
      ],
    });
  });

  it("(b) a manager's own dismiss of an unknown-bill payment waits for another manager", async () => {
    const unknown = await exceptionOf('unknown_bill');
    const proposal = await as.manager1
      .post(`/api/exceptions/${unknown.id}/resolve`)
      .send({ action: 'dismiss', reason: '他市の納付書' })
      .expect(200);
    expect(proposal.body.status).toBe('proposed');
    await as.manager1.post(`/api/resolutions/${proposal.body.resolutionId}/approve`).send({ reason: 'self' }).expect(403);
    await as.manager2.post(`/api/resolutions/${proposal.body.resolutionId}/approve`).send({ reason: '返送を確認' }).expect(204);
    expect((await exceptionOf('unknown_bill')).status).toBe('dismissed');
  });

  it.each(NO_MONEY_HELD)('dismisses a %s at once: no money is held', async (type) => {
    const e = await exceptionOf(type);
    const result = await as.staff2.post(`/api/exceptions/${e.id}/resolve`).send({ action: 'dismiss', reason: '確認済み' }).expect(200);
    expect(result.body.status).toBe('applied');
    expect((await exceptionOf(type)).status).toBe('dismissed');
  });

  it('(c) while a 還付 proposal waits nothing else moves the case; the proposer or a manager withdraws it, with a reason', async () => {
    const e = await exceptionOf('bill_cancelled');
    const first = (
      await as.staff1.post(`/api/exceptions/${e.id}/resolve`).send({ action: 'refund', reason: '取消後の納付を還付' }).expect(200)
    ).body;
    expect(first.status).toBe('proposed');

    for (const status of ['dismissed', 'resolved', 'open']) {
      const refused = await as.staff2.post(`/api/exceptions/${e.id}/status`).send({ status, reason: '対応不要' });
      expect(refused.status).toBe(409);
    }
    const other = await as.staff2.post(`/api/exceptions/${e.id}/resolve`).send({ action: 'dismiss', reason: '対応不要' });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('RESOLUTION_PENDING');

    await as.staff2.post(`/api/resolutions/${first.resolutionId}/withdraw`).send({ reason: '不要' }).expect(403);
    await as.staff1.post(`/api/resolutions/${first.resolutionId}/withdraw`).send({}).expect(400);
    await as.staff1.post(`/api/resolutions/${first.resolutionId}/withdraw`).send({ reason: '口座が未確認のため取下げ' }).expect(204);
    await as.manager1.post(`/api/resolutions/${first.resolutionId}/approve`).send({ reason: '遅い' }).expect(409);

    const second = (await as.staff2.post(`/api/exceptions/${e.id}/resolve`).send({ action: 'refund', reason: '口座確認済み' }).expect(200))
      .body;
    await as.manager2.post(`/api/resolutions/${second.resolutionId}/withdraw`).send({ reason: '金額を再確認' }).expect(204);

    const after = await detail(e.id);
    expect(after.status).toBe('in_review');
    type Decided = { status: string; proposedBy: string; decidedBy: string };
    const decisions = after.resolutions.map((r: Decided) => [r.status, r.proposedBy, r.decidedBy]);
    expect(decisions).toEqual([
      ['withdrawn', 'staff1', 'staff1'],
      ['withdrawn', 'staff2', 'manager2'],
    ]);
    const withdrawals = after.history.filter((h: { action: string }) => h.action === 'resolution.withdraw');
    expect(withdrawals.map((h: { actor: string; reason: string }) => [h.actor, h.reason])).toEqual([
      ['staff1', '口座が未確認のため取下げ'],
      ['manager2', '金額を再確認'],
    ]);
    // With nothing pending, the case can go back to the queue.
    await as.staff2.post(`/api/exceptions/${e.id}/status`).send({ status: 'open', reason: '担当を外れます' }).expect(204);
  });
});

/**
 * The property behind finding 2: whatever staff and managers try, in any order, on every type of
 * exception and every route that changes one, no exception reaches resolved or dismissed except by an
 * applied resolution that fits its type, approved by a different manager wherever money is held, and
 * every status it ever had is in the audit log.
 */
describe('no exception closes without the resolution rules and four-eyes (a walk over every type and route)', () => {
  let t: TestApp;
  let sql: <T>(text: string, params?: unknown[]) => Promise<T[]>;
  let as: Record<string, Agent>;
  beforeAll(async () => ({ t, sql, as } = await setUp()));

  const STEPS = 600;
  const ROUTES = [
    ['resolve', 6],
    ['approve', 5],
    ['status', 4],
    ['assign', 2],
    ['withdraw', 2],
    ['reject', 1],
  ] as const;

  it('holds the invariant after every step of a seeded walk', async () => {
    const exceptions = await sql<Row & { payment_id: number | null }>(
      `SELECT id, type, status, payment_id FROM recon_exception ORDER BY id`,
    );
    expect([...new Set(exceptions.map((e) => e.type))].sort()).toHaveLength(11);
    const targets = [BILL.next, BILL.short, BILL.paid];
    const bills = (await sql<{ id: number }>(`SELECT id FROM bill WHERE bill_number = ANY($1) ORDER BY id`, [targets])).map((b) => b.id);
    const users = Object.keys(as);
    const routes = ROUTES.flatMap(([route, weight]) => Array<string>(weight).fill(route));
    const rng = mulberry32(20261126);
    const outcomes: Record<string, number> = {};

    for (let step = 0; step < STEPS; step++) {
      const who = pick(rng, users);
      const e = pick(rng, exceptions);
      const route = pick(rng, routes);
      const reason = `walk ${step}`;
      let response;
      if (route === 'status') {
        const status = pick(rng, ['open', 'in_review', 'resolved', 'dismissed']);
        response = await as[who].post(`/api/exceptions/${e.id}/status`).send({ status, reason });
      } else if (route === 'assign') {
        response = await as[who].post(`/api/exceptions/${e.id}/assign`).send({ assignee: pick(rng, users), reason });
      } else if (route === 'resolve') {
        const matches = await sql<{ id: number }>(`SELECT id FROM match WHERE payment_id = $1 AND kind = 'apply' ORDER BY id`, [
          e.payment_id ?? 0,
        ]);
        response = await as[who].post(`/api/exceptions/${e.id}/resolve`).send({
          action: pick(rng, RESOLUTION_ACTIONS),
          reason,
          billId: pick(rng, bills),
          matchId: matches.length ? pick(rng, matches).id : undefined,
        });
      } else {
        const [latest] = await sql<{ id: number }>(`SELECT id FROM resolution WHERE exception_id = $1 ORDER BY id DESC LIMIT 1`, [e.id]);
        response = await as[who].post(`/api/resolutions/${latest?.id ?? 1}/${route}`).send({ reason });
      }
      expect(response.status).toBeLessThan(500);
      const outcome = `${route} ${response.status < 300 ? 'done' : 'refused'}`;
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      // The nightly matching runs in between: the machine must not close what people are deciding.
      if (step % 60 === 59) await t.app.get(MatchingService).run();
      if (step % 50 === 49 || step === STEPS - 1) await expectInvariant();
    }

    // The walk went everywhere: closes happened, by approval too, and attempts were refused on every route.
    const closed = await sql<Row>(`SELECT id, type, status FROM recon_exception WHERE status IN ('resolved', 'dismissed')`);
    expect(closed.filter((e) => !NO_MONEY_HELD.includes(e.type)).length).toBeGreaterThanOrEqual(3);
    for (const route of ['resolve', 'approve', 'status', 'withdraw']) {
      expect(outcomes[`${route} done`]).toBeGreaterThan(0);
      expect(outcomes[`${route} refused`]).toBeGreaterThan(0);
    }
  });

  async function expectInvariant(): Promise<void> {
    interface Applied {
      action: string;
      requires_approval: boolean;
      proposed_by: string;
      decided_by: string;
      decider_role: string;
    }
    const closed = await sql<Row & { resolved_by: string; applied: Applied[] }>(
      `SELECT e.id, e.type, e.status, e.resolved_by,
              coalesce((SELECT json_agg(json_build_object('action', r.action, 'requires_approval', r.requires_approval,
                                                          'proposed_by', r.proposed_by, 'decided_by', r.decided_by, 'decider_role', u.role))
                          FROM resolution r LEFT JOIN app_user u ON u.login_name = r.decided_by
                         WHERE r.exception_id = e.id AND r.status = 'applied'), '[]') AS applied
         FROM recon_exception e WHERE e.status IN ('resolved', 'dismissed') ORDER BY e.id`,
    );
    for (const e of closed) {
      const case_ = `exception ${e.id} (${e.type}, ${e.status})`;
      if (e.resolved_by === 'system') {
        // Only an untouched open flag, with its own audit row; never a case a person took up.
        expect([case_, e.applied]).toEqual([case_, []]);
        const moved = await sql(
          `SELECT before, after FROM audit_log WHERE entity = 'recon_exception' AND entity_id = $1 AND actor = 'system'`,
          [String(e.id)],
        );
        expect([case_, moved]).toEqual([case_, [{ before: { status: 'open' }, after: { status: 'resolved' } }]]);
        continue;
      }
      expect([case_, e.applied.length]).toEqual([case_, 1]);
      const [r] = e.applied;
      expect([case_, r.action === 'dismiss' ? 'dismissed' : 'resolved']).toEqual([case_, e.status]);
      // 分納 leaves the shortfall open on the bill: it holds no money back and releases none.
      if (!NO_MONEY_HELD.includes(e.type) && r.action !== 'accept_installment') {
        expect([case_, r.requires_approval, r.decider_role, r.decided_by === r.proposed_by]).toEqual([case_, true, 'manager', false]);
      }
    }
    // No proposal is left waiting on a closed case.
    expect(
      await sql(`SELECT r.id FROM resolution r JOIN recon_exception e ON e.id = r.exception_id
                       WHERE r.status = 'proposed' AND e.status IN ('resolved', 'dismissed')`),
    ).toEqual([]);
    // Every status an exception has is the last one its audit history moved it to.
    expect(
      await sql(`SELECT e.id, e.status, last.after->>'status' AS audited FROM recon_exception e
                        LEFT JOIN LATERAL (SELECT a.after FROM audit_log a WHERE a.entity = 'recon_exception' AND a.entity_id = e.id::text
                                              AND a.action = 'exception.transition' ORDER BY a.id DESC LIMIT 1) last ON true
                       WHERE e.status <> coalesce(last.after->>'status', 'open')`),
    ).toEqual([]);
  }
});
