import request from 'supertest';
import { ROLES, Role } from '../../src/auth/roles';
import { Agent, startTestApp, TestApp } from '../support/test-app';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
const METHODS: Method[] = ['get', 'post', 'put', 'patch', 'delete'];

interface Operation {
  key: string;
  method: Method;
  url: string;
  roles: Role[] | undefined;
  public: boolean;
  description: string;
}

/**
 * issue #4: only these answer without a session (and /api/docs, outside this document, when KESHIKOMI_PUBLIC_API_DOCS=true).
 * Issue #12's two documented exemptions: anonymous GET /api/health says only up or degraded (details need a
 * session), and GET /metrics, outside /api and this document, takes a bearer token of its own
 * (KESHIKOMI_METRICS_TOKEN), never a session; unset, it does not exist.
 */
const PUBLIC = ['GET /api/health', 'POST /api/auth/login'];

/**
 * The roles issue #4 asks for on the endpoints that existed before it, with issue #6's `operator` (imports files
 * and reads imports, nothing else) and who reviews a held upload; any other endpoint is checked from its own declaration.
 */
const EXPECTED: Record<string, Role[]> = {
  'GET /api/imports': ['staff', 'manager', 'auditor', 'operator'],
  'GET /api/imports/{id}': ['staff', 'manager', 'auditor', 'operator'],
  'GET /api/imports/{id}/lines': ['staff', 'manager', 'auditor', 'operator'],
  'POST /api/imports/{id}/release': ['manager'],
  'POST /api/imports/{id}/reject': ['manager'],
  'GET /api/bills': ['staff', 'manager', 'auditor'],
  'GET /api/payments': ['staff', 'manager', 'auditor'],
  'GET /api/exceptions': ['staff', 'manager', 'auditor'],
  'GET /api/exceptions/{id}': ['staff', 'manager', 'auditor'],
  'GET /api/reconciliation/daily': ['staff', 'manager', 'auditor'],
  'GET /api/batch/runs': ['staff', 'manager', 'auditor', 'operator'],
  'POST /api/imports': ['staff', 'manager', 'operator'],
  'GET /api/reports/cashless': ['finance', 'manager', 'staff', 'auditor'],
  // issue #11: the books, their 歳入科目 (admin edits) and refund payouts (a manager records)
  'GET /api/books/journal': ['finance', 'manager', 'staff', 'auditor'],
  'GET /api/books/settlement': ['finance', 'manager', 'staff', 'auditor'],
  'GET /api/books/inspection': ['finance', 'manager', 'staff', 'auditor'],
  'GET /api/books/adoption': ['finance', 'manager', 'staff', 'auditor'],
  'GET /api/books/accounts': ['finance', 'manager', 'staff', 'auditor', 'admin'],
  'PUT /api/books/accounts/{category}/{yearClass}': ['admin'],
  'GET /api/books/procedures': ['finance', 'manager', 'staff', 'auditor', 'admin'],
  'PUT /api/books/procedures/{code}': ['admin'],
  'GET /api/books/refunds': ['manager', 'staff', 'auditor'],
  'POST /api/books/refunds/{id}/payment': ['manager'],
  'GET /api/exceptions/export': ['staff', 'manager', 'auditor'],
  'GET /api/users': ['admin'],
  'POST /api/users': ['admin'],
  'PATCH /api/users/{id}': ['admin'],
  // 連携出力 (issue #10): admins set the business systems; staff and managers export, re-send and follow up.
  'GET /api/export-targets': ['admin', 'manager', 'staff', 'auditor'],
  'PUT /api/export-targets/{system}': ['admin'],
  'GET /api/exports/status': ['staff', 'manager', 'auditor'],
  'GET /api/exports/runs': ['staff', 'manager', 'auditor'],
  'POST /api/exports/results': ['staff', 'manager'],
  'POST /api/exports/runs/{id}/resend': ['staff', 'manager'],
  'GET /api/exports/runs/{id}/file': ['staff', 'manager', 'auditor'],
  'GET /api/exports/dunning-hold': ['staff', 'manager', 'auditor'],
  'GET /api/exports/failed-debits': ['staff', 'manager', 'auditor'],
  'POST /api/exports/failed-debits/{id}/follow-up': ['staff', 'manager'],
  'GET /api/deposits': ['staff', 'manager', 'auditor', 'finance'],
  'GET /api/deposits/payments': ['staff', 'manager', 'auditor'],
  'GET /api/deposits/summary': ['staff', 'manager', 'auditor', 'finance'],
  'GET /api/payout-sources': ['staff', 'manager', 'auditor', 'admin'],
  'PUT /api/payout-sources': ['admin'],
  'GET /api/auth/me': [...ROLES],
  'POST /api/auth/logout': [...ROLES],
};

/** What the guard itself answers; a handler's own 401/403 (a domain refusal) would carry another code. */
const GUARD_CODES = ['AUTH_REQUIRED', 'AUTH_SESSION_INVALID', 'AUTH_FORBIDDEN', 'AUTH_ROLES_UNDECLARED'];

const sorted = <T>(xs: T[]) => [...xs].sort();

/**
 * Walks every operation of the OpenAPI document, so an endpoint added later is covered without
 * touching this test: an anonymous call gets 401, every role the operation does not declare gets
 * 403, every role it declares gets past the guard. The declaration (`x-roles`) is written by the
 * same @Roles decorator the guard reads.
 */
describe('access to every route of the OpenAPI document', () => {
  let t: TestApp;
  let operations: Operation[];
  const agents = {} as Record<Role, Agent>;

  beforeAll(async () => {
    t = await startTestApp();
    for (const role of ROLES) agents[role] = await t.login(role);
    const doc = (await agents.finance.get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      METHODS.filter((m) => item[m]).map((method) => ({
        key: `${method.toUpperCase()} ${path}`,
        method,
        url: path.replace(/\{[^}]+\}/g, '1'),
        roles: item[method]['x-roles'] as Role[] | undefined,
        public: item[method]['x-public'] === true,
        description: String(item[method].description ?? ''),
      })),
    );
  });
  afterAll(() => t.close());

  it('finds the endpoints of contract.md and issue #4 in the document', () => {
    expect(operations.length).toBeGreaterThanOrEqual(Object.keys(EXPECTED).length + PUBLIC.length);
    expect(operations.map((o) => o.key)).toEqual(expect.arrayContaining([...PUBLIC, ...Object.keys(EXPECTED)]));
  });

  it('has no public operation but health and login, and every other one declares known roles', () => {
    expect(sorted(operations.filter((o) => o.public).map((o) => o.key))).toEqual(sorted(PUBLIC));
    const undeclared = operations.filter((o) => !o.public && !o.roles?.length).map((o) => o.key);
    expect(undeclared).toEqual([]);
    for (const o of operations.filter((op) => op.roles)) expect(ROLES).toEqual(expect.arrayContaining(o.roles!));
  });

  it('gives the existing endpoints the roles issue #4 names', () => {
    const actual = Object.fromEntries(operations.filter((o) => o.key in EXPECTED).map((o) => [o.key, sorted(o.roles ?? [])]));
    expect(actual).toEqual(Object.fromEntries(Object.entries(EXPECTED).map(([k, v]) => [k, sorted(v)])));
  });

  it('states the roles in every operation description', () => {
    for (const o of operations) {
      expect(o.description).toContain(o.public ? '認証不要' : `権限 / roles: ${(o.roles ?? []).map((r) => `\`${r}\``).join(', ')}`);
    }
  });

  it('keeps its documented exemptions: anonymous health says up or degraded only; /metrics is no session route', async () => {
    expect(Object.keys((await request(t.http).get('/api/health').expect(200)).body)).toEqual(['status']);
    expect(Object.keys((await agents.auditor.get('/api/health').expect(200)).body)).toEqual(
      expect.arrayContaining(['status', 'database', 'lastRun', 'jobQueue']),
    );
    expect(operations.some((o) => o.key.includes('metrics'))).toBe(false);
    // No KESHIKOMI_METRICS_TOKEN here: there are no metrics, for a session either (test/observability covers the token).
    await request(t.http).get('/metrics').expect(404);
    for (const role of ROLES) expect([role, (await agents[role].get('/metrics')).status]).toEqual([role, 404]);
  });

  it('serves the API documentation to logged-in users only (public only when configured)', async () => {
    for (const path of ['/api/docs-json', '/api/docs/']) {
      const anonymous = await request(t.http).get(path);
      expect([path, anonymous.status, anonymous.body.code]).toEqual([path, 401, 'AUTH_REQUIRED']);
      const forged = await request(t.http).get(path).set('Authorization', 'Bearer forged-session-token-000000000000000');
      expect([path, forged.status]).toEqual([path, 401]);
      for (const role of ROLES) expect([path, role, (await agents[role].get(path)).status]).toEqual([path, role, 200]);
    }
  });

  it('answers 401 to an anonymous call and to a forged session on every non-public operation', async () => {
    const failures: string[] = [];
    for (const o of operations) {
      const anonymous = await request(t.http)[o.method](o.url);
      if (o.public) {
        if (anonymous.status === 401 || anonymous.status === 403) failures.push(`${o.key}: public but answered ${anonymous.status}`);
        continue;
      }
      if (anonymous.status !== 401 || anonymous.body.code !== 'AUTH_REQUIRED')
        failures.push(`${o.key}: anonymous got ${anonymous.status} ${anonymous.body.code}`);
      const forgedCookie = await request(t.http)[o.method](o.url).set('Cookie', 'keshikomi_session=forged-session-token-000000000000000');
      if (forgedCookie.status !== 401) failures.push(`${o.key}: forged cookie got ${forgedCookie.status}`);
      const forgedBearer = await request(t.http)[o.method](o.url).set('Authorization', 'Bearer forged-session-token-000000000000000');
      if (forgedBearer.status !== 401) failures.push(`${o.key}: forged bearer got ${forgedBearer.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('answers 403 to every role an operation does not declare', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const o of operations.filter((op) => !op.public)) {
      for (const role of ROLES.filter((r) => !(o.roles ?? []).includes(r))) {
        const res = await agents[role][o.method](o.url);
        checked++;
        if (res.status !== 403 || res.body.code !== 'AUTH_FORBIDDEN') failures.push(`${o.key} as ${role}: ${res.status} ${res.body.code}`);
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(20);
  });

  it('lets every declared role past the guard (with a fresh bearer session each)', async () => {
    const failures: string[] = [];
    for (const o of operations.filter((op) => !op.public)) {
      for (const role of o.roles ?? []) {
        // Fresh each time: logout, for one, ends the session it is called with.
        const res = await request(t.http)
          [o.method](o.url)
          .set(await t.bearer(role));
        if ((res.status === 401 || res.status === 403) && GUARD_CODES.includes(res.body.code))
          failures.push(`${o.key} as ${role}: ${res.status} ${res.body.code}`);
      }
    }
    expect(failures).toEqual([]);
    // The cookie sessions used for the 403s are still alive.
    for (const role of ROLES) await agents[role].get('/api/auth/me').expect(200);
  });
});
