import Ajv, { ValidateFunction } from 'ajv';
import type { OpenAPIObject } from '@nestjs/swagger';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request, { Response } from 'supertest';
import type { App } from 'supertest/types';
import { apiDocumentWithoutDatabase, DOCUMENT_PATH, documentText, SCHEMA_PATH } from '../../scripts/api-generate';
import { BILL, intakeEveryExceptionType } from '../support/every-exception';
import { billsCsv, billNumber, konbiniFile } from '../support/files';
import { Agent, startTestApp, TEST_PASSWORD, TestApp } from '../support/test-app';

/**
 * The UI is typed against web/api/ (openapi.json and the schema.d.ts made of it). These tests keep that
 * contract true: committed = served, types = document, and every answer the service gives fits the document
 * strictly — no field it does not name, null only where it says nullable, codes only from its enums.
 */

type Method = 'get' | 'post' | 'patch';
type Schema = Record<string, unknown>;

const SCHEMA_REF = '#/components/schemas/';

/** An OpenAPI 3.0 schema as strict JSON Schema: objects closed, `nullable` as a null branch, refs into `api`. */
function strict(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strict);
  if (schema === null || typeof schema !== 'object') return schema;
  const { nullable, example, ...rest } = schema as Schema;
  void example; // documentation only: not a JSON Schema keyword
  const out: Schema = {};
  for (const [key, value] of Object.entries(rest)) {
    if (key === '$ref') out.$ref = `api#/definitions/${String(value).slice(SCHEMA_REF.length)}`;
    else if (key === 'properties') out.properties = Object.fromEntries(Object.entries(value as Schema).map(([k, v]) => [k, strict(v)]));
    else out[key] = strict(value);
  }
  if (out.type === 'object' && out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return nullable ? { anyOf: [{ type: 'null' }, out] } : out;
}

/** Checks answers against the document and remembers which operations answered with success. */
class ContractChecker {
  private readonly ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  private readonly validators = new Map<string, ValidateFunction>();
  readonly succeeded = new Set<string>();

  constructor(private readonly document: OpenAPIObject) {
    this.ajv.addSchema({ $id: 'api', definitions: strict(document.components?.schemas ?? {}) });
  }

  /** Asserts `res` is a documented answer of `METHOD path` (a template of the document) and returns it. */
  check(res: Response, method: Method, path: string, expectedStatus: number): Response {
    const operation = `${method.toUpperCase()} ${path}`;
    expect({ operation, status: res.status }).toEqual({ operation, status: expectedStatus });
    const responses = this.document.paths[path]?.[method]?.responses;
    expect({ operation, documented: !!responses }).toEqual({ operation, documented: true });
    const success = res.status < 300;
    // A success must be declared as itself; a refusal may fall to `default`.
    const declared = responses![String(res.status)] ?? (success ? undefined : responses!.default);
    expect({ operation, status: res.status, declared: !!declared }).toEqual({ operation, status: res.status, declared: true });
    const schema = (declared as { content?: Record<string, { schema: unknown }> }).content?.['application/json']?.schema;
    if (!schema) {
      expect({ operation, body: res.text }).toEqual({ operation, body: '' });
    } else {
      const key = `${operation} ${res.status}`;
      if (!this.validators.has(key)) this.validators.set(key, this.ajv.compile(strict(schema) as Schema));
      const validate = this.validators.get(key)!;
      validate(res.body);
      const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
      expect({ operation, errors }).toEqual({ operation, errors: [] });
    }
    if (success) this.succeeded.add(operation);
    return res;
  }

  operations(): string[] {
    return Object.entries(this.document.paths).flatMap(([path, item]) =>
      (['get', 'post', 'patch', 'put', 'delete'] as const).filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${path}`));
  }
}

describe('the API contract the web UI is typed against (web/api/)', () => {
  let t: TestApp;
  let http: App;
  let served: OpenAPIObject;
  let contract: ContractChecker;
  let staff: Agent;
  let manager: Agent;

  beforeAll(async () => {
    t = await startTestApp({ FOUR_EYES_THRESHOLD: '0' });
    http = t.app.getHttpServer();
    staff = await t.login('staff');
    manager = await t.login('manager');
    served = (await staff.get('/api/docs-json').expect(200)).body;
    contract = new ContractChecker(served);
    await intakeEveryExceptionType(t);
  });
  afterAll(() => t.close());

  it('is committed as the service serves it, and as `npm run api:generate` writes it without a database', async () => {
    const committed = readFileSync(DOCUMENT_PATH, 'utf8');
    // On failure: npm run api:generate, and review the change of contract with the UI that uses it.
    expect(JSON.parse(committed)).toEqual(served);
    expect(documentText(await apiDocumentWithoutDatabase())).toBe(committed);
  });

  it('has the types openapi-typescript makes of the committed document', () => {
    const cli = join(__dirname, '..', '..', 'node_modules', 'openapi-typescript', 'bin', 'cli.js');
    const run = spawnSync(process.execPath, [cli, DOCUMENT_PATH, '-o', SCHEMA_PATH, '--check'], { encoding: 'utf8' });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  });

  it('refuses an answer with a field the document does not name, a null it does not allow, or a code outside its enum', () => {
    const checker = new ContractChecker(served);
    const answer = (body: unknown) => ({ status: 200, body, text: JSON.stringify(body) }) as Response;
    const fits = (body: unknown) => {
      try {
        checker.check(answer(body), 'get', '/api/categories', 200);
        return true;
      } catch {
        return false;
      }
    };
    expect(fits([{ code: '07', name: '住宅使用料', kind: 'charge' }])).toBe(true);
    expect(fits([{ code: '07', name: '住宅使用料', kind: 'charge', extra: 1 }])).toBe(false);
    expect(fits([{ code: '07', name: null, kind: 'charge' }])).toBe(false);
    expect(fits([{ code: '07', name: '住宅使用料', kind: 'rent' }])).toBe(false);
    expect(fits([{ code: '07', kind: 'charge' }])).toBe(false);
    expect(checker.succeeded.size).toBe(1);
  });

  it('describes the answers of sessions, users and assignees', async () => {
    contract.check(await request(http).get('/api/health'), 'get', '/api/health', 200);
    const { loginName } = await t.user('staff');
    contract.check(await request(http).post('/api/auth/login').send({ loginName, password: TEST_PASSWORD }), 'post', '/api/auth/login', 200);
    const bearer = contract.check(
      await request(http).post('/api/auth/login').send({ loginName, password: TEST_PASSWORD, token: true }), 'post', '/api/auth/login', 200);
    const asScript = { Authorization: `Bearer ${bearer.body.token}` };
    contract.check(await request(http).get('/api/auth/me').set(asScript), 'get', '/api/auth/me', 200);
    contract.check(await request(http).post('/api/auth/logout').set(asScript), 'post', '/api/auth/logout', 204);
    contract.check(await request(http).get('/api/auth/me').set(asScript), 'get', '/api/auth/me', 401);
    contract.check(await staff.get('/api/users'), 'get', '/api/users', 403);
    contract.check(await staff.get('/api/users/assignees'), 'get', '/api/users/assignees', 200);

    const admin = await t.login('admin');
    const secondAdmin = await t.login('admin', 'admin-2');
    const created = contract.check(await admin.post('/api/users')
      .send({ loginName: 'tanaka', displayName: '田中 花子', role: 'staff', password: 'tarumizu-kaikei-2026' }), 'post', '/api/users', 201);
    contract.check(await admin.post('/api/users').send({ loginName: 'suzuki', role: 'staff', password: 'short' }), 'post', '/api/users', 400);
    const promotion = contract.check(await admin.patch(`/api/users/${created.body.id}`).send({ role: 'manager' }), 'patch', '/api/users/{id}', 202);
    contract.check(await admin.patch(`/api/users/${created.body.id}`).send({ disabled: true }), 'patch', '/api/users/{id}', 200);
    contract.check(await secondAdmin.post(`/api/users/requests/${promotion.body.id}/reject`).send({ reason: '人事異動の取消' }),
      'post', '/api/users/requests/{id}/reject', 204);
    const request2 = contract.check(await admin.post('/api/users')
      .send({ loginName: 'sato', role: 'operator', password: 'tarumizu-batch-2026' }), 'post', '/api/users', 202);
    contract.check(await admin.get('/api/users/requests'), 'get', '/api/users/requests', 200);
    contract.check(await secondAdmin.post(`/api/users/requests/${request2.body.id}/approve`), 'post', '/api/users/requests/{id}/approve', 200);
    contract.check(await admin.get('/api/users'), 'get', '/api/users', 200);
  });

  it('describes bills, payments and every payment\'s evidence card', async () => {
    contract.check(await staff.get('/api/categories'), 'get', '/api/categories', 200);
    contract.check(await staff.get(`/api/bills?billNumber=${BILL.paid}`), 'get', '/api/bills', 200);
    contract.check(await staff.get('/api/bills?payerId=0000000042&balance=open&status=active'), 'get', '/api/bills', 200);
    const payments = contract.check(await staff.get('/api/payments?limit=1000'), 'get', '/api/payments', 200);
    expect(payments.body.items.length).toBeGreaterThan(10);
    for (const payment of payments.body.items) {
      contract.check(await staff.get(`/api/payments/${payment.id}/evidence`), 'get', '/api/payments/{id}/evidence', 200);
    }
    contract.check(await staff.get('/api/payments/999999/evidence'), 'get', '/api/payments/{id}/evidence', 404);
    contract.check(await staff.get('/api/bills?billNumber=12'), 'get', '/api/bills', 400);
  });

  it('describes imports: uploads held, released, rejected, dry runs, duplicates and failures, and their lines', async () => {
    const operator = await t.login('operator');
    const number = billNumber('02', 2026, '03', 7001);
    const bills = billsCsv([{ number, amount: 5000, due: '2026-11-30' }]);
    const upload = (agent: Agent, format: string, bytes: Buffer, name: string, dryRun?: string) => {
      const post = agent.post('/api/imports').field('format', format).field('receivedOn', '2026-11-26');
      return (dryRun ? post.field('dryRun', dryRun) : post).attach('file', bytes, name);
    };
    const held = contract.check(await upload(staff, 'bills', bills, 'bills-7001.csv'), 'post', '/api/imports', 201);
    expect(held.body.files[0].status).toBe('held');
    contract.check(await manager.post(`/api/imports/${held.body.files[0].batchId}/release`).send({ reason: '基幹系と一致' }),
      'post', '/api/imports/{id}/release', 200);
    contract.check(await upload(staff, 'bills', bills, 'again.csv'), 'post', '/api/imports', 201);
    contract.check(await upload(staff, 'auto', Buffer.from('not a payment file\r\n'), 'odd.txt'), 'post', '/api/imports', 201);
    const konbini = konbiniFile('2026-11-26', [{ type: '01', bill: number, amount: 5000, paidOn: '2026-11-26' }]);
    contract.check(await upload(staff, 'konbini', konbini, 'S1126.dat', 'true'), 'post', '/api/imports', 201);
    const direct = contract.check(await upload(operator, 'konbini', konbini, 'S1126.dat'), 'post', '/api/imports', 201);
    expect(direct.body.files[0].status).toBe('imported');
    const lines = konbini.toString('latin1').split('\r\n');
    lines.splice(2, 0, `2${'01'}20261131${' '.repeat(109)}`);
    const toReject = contract.check(await upload(staff, 'konbini', Buffer.from(lines.join('\r\n'), 'latin1'), 'S1126b.dat'),
      'post', '/api/imports', 201);
    const rejectedId = toReject.body.files[0].batchId;
    contract.check(await manager.post(`/api/imports/${rejectedId}/reject`).send({ reason: '再送を依頼' }), 'post', '/api/imports/{id}/reject', 204);
    contract.check(await manager.post(`/api/imports/${rejectedId}/reject`).send({ reason: '二度目' }), 'post', '/api/imports/{id}/reject', 409);

    const history = contract.check(await staff.get('/api/imports?limit=1000'), 'get', '/api/imports', 200);
    contract.check(await staff.get('/api/imports?status=held'), 'get', '/api/imports', 200);
    for (const batch of history.body.items) {
      contract.check(await staff.get(`/api/imports/${batch.id}`), 'get', '/api/imports/{id}', 200);
      contract.check(await staff.get(`/api/imports/${batch.id}/lines`), 'get', '/api/imports/{id}/lines', 200);
    }
    contract.check(await staff.get(`/api/imports/${rejectedId}/lines?status=rejected&limit=1`), 'get', '/api/imports/{id}/lines', 200);
  });

  it('describes the exception queue, each case, and every step of the workflow', async () => {
    const auditor = await t.login('auditor');
    const queue = contract.check(await staff.get('/api/exceptions?limit=1000'), 'get', '/api/exceptions', 200);
    contract.check(await staff.get('/api/exceptions?sort=-amount&limit=2'), 'get', '/api/exceptions', 200);
    const byType = new Map<string, number>(queue.body.items.map((e: { type: string; id: number }) => [e.type, e.id]));
    expect(byType.size).toBe(11);
    const id = (type: string) => byType.get(type)!;

    const path = (type: string, step: string) => `/api/exceptions/${id(type)}/${step}`;
    contract.check(await staff.post(path('preliminary_only', 'comments')).send({ body: '確報待ち' }), 'post', '/api/exceptions/{id}/comments', 201);
    contract.check(await staff.post(path('preliminary_only', 'assign')).send({ assignee: 'staff-test', reason: '担当します' }),
      'post', '/api/exceptions/{id}/assign', 204);
    contract.check(await staff.post(path('preliminary_only', 'status')).send({ status: 'open', reason: '戻します' }),
      'post', '/api/exceptions/{id}/status', 204);
    contract.check(await staff.post('/api/exceptions/assign').send({ ids: [id('final_only'), id('cancelled_payment')], assignee: 'staff-test', reason: '一括' }),
      'post', '/api/exceptions/assign', 200);
    contract.check(await staff.post(path('late_payment', 'resolve')).send({ action: 'dismiss', reason: '延滞金なし' }),
      'post', '/api/exceptions/{id}/resolve', 200);
    const refund = contract.check(await staff.post(path('duplicate_payment', 'resolve')).send({ action: 'refund', reason: '二重納付のため還付' }),
      'post', '/api/exceptions/{id}/resolve', 200);
    contract.check(await manager.post(`/api/resolutions/${refund.body.resolutionId}/approve`).send({ reason: '確認' }),
      'post', '/api/resolutions/{id}/approve', 204);
    const dismiss = contract.check(await staff.post(path('amount_over', 'resolve')).send({ action: 'dismiss', reason: '対応不要' }),
      'post', '/api/exceptions/{id}/resolve', 200);
    contract.check(await manager.post(`/api/resolutions/${dismiss.body.resolutionId}/reject`).send({ reason: '過誤納は還付を' }),
      'post', '/api/resolutions/{id}/reject', 204);
    const withdrawn = contract.check(await staff.post(path('unknown_bill', 'resolve')).send({ action: 'refund', reason: '還付' }),
      'post', '/api/exceptions/{id}/resolve', 200);
    contract.check(await staff.post(`/api/resolutions/${withdrawn.body.resolutionId}/withdraw`).send({ reason: '納付者に確認中' }),
      'post', '/api/resolutions/{id}/withdraw', 204);
    contract.check(await auditor.post(path('amount_short', 'resolve')).send({ action: 'dismiss', reason: 'x' }), 'post', '/api/exceptions/{id}/resolve', 403);

    for (const exceptionId of byType.values()) {
      contract.check(await staff.get(`/api/exceptions/${exceptionId}`), 'get', '/api/exceptions/{id}', 200);
    }
    contract.check(await staff.get('/api/exceptions/999999'), 'get', '/api/exceptions/{id}', 404);
  });

  it('describes days, the daily reconciliation, the cashless report and the audit log', async () => {
    contract.check(await staff.get('/api/days/2026-11-20'), 'get', '/api/days/{date}', 200);
    contract.check(await manager.post('/api/days/2026-11-02/close').send({}), 'post', '/api/days/{date}/close', 204);
    contract.check(await manager.post('/api/days/2026-11-02/reopen').send({ reason: '訂正のため' }), 'post', '/api/days/{date}/reopen', 204);
    contract.check(await staff.get('/api/days/2026-11-02'), 'get', '/api/days/{date}', 200);
    contract.check(await staff.get('/api/reconciliation/daily?date=2026-11-20'), 'get', '/api/reconciliation/daily', 200);
    contract.check(await staff.get('/api/reconciliation/daily'), 'get', '/api/reconciliation/daily', 200);
    for (const by of ['month', 'channel', 'category']) {
      contract.check(await staff.get(`/api/reports/cashless?fiscalYear=2026&by=${by}`), 'get', '/api/reports/cashless', 200);
    }
    const auditor = await t.login('auditor');
    const log = contract.check(await auditor.get('/api/audit?limit=1000'), 'get', '/api/audit', 200);
    const verified = contract.check(await auditor.get('/api/audit/verify'), 'get', '/api/audit/verify', 200);
    const checkpoint = `${verified.body.last.id}:${verified.body.last.hash}`;
    contract.check(await auditor.get(`/api/audit/verify?checkpoint=${checkpoint}`), 'get', '/api/audit/verify', 200);
    expect(log.body.items.length).toBeGreaterThan(10);
  });

  it('has had every operation of the document answer with success above', () => {
    expect(contract.operations().filter((operation) => !contract.succeeded.has(operation))).toEqual([]);
  });
});
