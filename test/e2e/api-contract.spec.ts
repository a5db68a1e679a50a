import Ajv, { ValidateFunction } from 'ajv';
import type { OpenAPIObject } from '@nestjs/swagger';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request, { Response } from 'supertest';
import type { App } from 'supertest/types';
import { todayInTokyo } from '../../src/common/calendar';
import { BatchService } from '../../src/batch/batch.service';
import { apiDocumentWithoutDatabase, DOCUMENT_PATH, documentText, schemaTypes } from '../../scripts/api-generate';
import { furikaeFile } from '../support/channel-files';
import { BILL, intakeEveryExceptionType } from '../support/every-exception';
import { billsCsv, billNumber, konbiniFile } from '../support/files';
import { statementOf } from '../support/statement-files';
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

  /** Awaits `call` and asserts it is a documented answer of `operation` ('GET /api/…/{id}', as the document names it). */
  async check(call: PromiseLike<Response>, operation: string, expectedStatus: number): Promise<Response> {
    const res = await call;
    expect({ operation, status: res.status }).toEqual({ operation, status: expectedStatus });
    const [method, path] = operation.split(' ') as [string, string];
    const responses = this.document.paths[path]?.[method.toLowerCase() as Method]?.responses;
    expect({ operation, documented: !!responses }).toEqual({ operation, documented: true });
    const success = res.status < 300;
    // A success must be declared as itself; a refusal may fall to `default`.
    const declared = responses![String(res.status)] ?? (success ? undefined : responses!.default);
    expect({ operation, status: res.status, declared: !!declared }).toEqual({ operation, status: res.status, declared: true });
    const content = (declared as { content?: Record<string, { schema: unknown }> }).content;
    const schema = content?.['application/json']?.schema;
    const mediaType = String(res.headers?.['content-type'] ?? '').split(';')[0];
    if (success && mediaType !== 'application/json' && mediaType in (content ?? {})) {
      // A download (csv, xlsx) of a media type the operation declares.
    } else if (!schema) {
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
      (['get', 'post', 'patch', 'put', 'delete'] as const).filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${path}`),
    );
  }
}

describe('the API contract the web UI is typed against (web/api/)', () => {
  let t: TestApp;
  let http: App;
  let served: OpenAPIObject;
  let contract: ContractChecker;
  let staff: Agent;
  let manager: Agent;
  /** `await answers(staff.get('/api/bills'), 'GET /api/bills', 200)`: the answer, checked against the document. */
  const answers = (call: PromiseLike<Response>, operation: string, status: number) => contract.check(call, operation, status);

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
    const run = schemaTypes(true);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  });

  it('declares every {parameter} of every path, so the UI cannot call one without it', () => {
    const undeclared = Object.entries(served.paths).flatMap(([path, item]) =>
      (['get', 'post', 'patch'] as const)
        .filter((method) => item[method])
        .flatMap((method) => {
          const declared = (item[method]!.parameters ?? []).map((p) => ('in' in p && p.in === 'path' ? p.name : ''));
          const named = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
          return named.filter((name) => !declared.includes(name)).map((name) => `${method.toUpperCase()} ${path} ${name}`);
        }),
    );
    expect(undeclared).toEqual([]);
  });

  it('refuses an answer with a field the document does not name, a null it does not allow, or a code outside its enum', async () => {
    const checker = new ContractChecker(served);
    const fits = (body: unknown) =>
      checker.check(Promise.resolve({ status: 200, body, text: JSON.stringify(body) } as Response), 'GET /api/categories', 200).then(
        () => true,
        () => false,
      );
    expect(await fits([{ code: '07', name: '住宅使用料', kind: 'charge' }])).toBe(true);
    expect(await fits([{ code: '07', name: '住宅使用料', kind: 'charge', extra: 1 }])).toBe(false);
    expect(await fits([{ code: '07', name: null, kind: 'charge' }])).toBe(false);
    expect(await fits([{ code: '07', name: '住宅使用料', kind: 'rent' }])).toBe(false);
    expect(await fits([{ code: '07', kind: 'charge' }])).toBe(false);
    expect([...checker.succeeded]).toEqual(['GET /api/categories']);
  });

  it('describes the answers of sessions, users and assignees', async () => {
    await answers(request(http).get('/api/health'), 'GET /api/health', 200);
    const { loginName } = await t.user('staff');
    const login = (body: object) =>
      request(http)
        .post('/api/auth/login')
        .send({ loginName, password: TEST_PASSWORD, ...body });
    await answers(login({}), 'POST /api/auth/login', 200);
    const bearer = await answers(login({ token: true }), 'POST /api/auth/login', 200);
    const asScript = { Authorization: `Bearer ${bearer.body.token}` };
    await answers(request(http).get('/api/auth/me').set(asScript), 'GET /api/auth/me', 200);
    await answers(request(http).post('/api/auth/logout').set(asScript), 'POST /api/auth/logout', 204);
    await answers(request(http).get('/api/auth/me').set(asScript), 'GET /api/auth/me', 401);
    await answers(staff.get('/api/users'), 'GET /api/users', 403);
    await answers(staff.get('/api/users/assignees'), 'GET /api/users/assignees', 200);

    const admin = await t.login('admin');
    const secondAdmin = await t.login('admin', 'admin-2');
    const password = 'tarumizu-kaikei-2026';
    const created = await answers(
      admin.post('/api/users').send({ loginName: 'tanaka', displayName: '田中 花子', role: 'staff', password }),
      'POST /api/users',
      201,
    );
    await answers(admin.post('/api/users').send({ loginName: 'suzuki', role: 'staff', password: 'short' }), 'POST /api/users', 400);
    const user = `/api/users/${created.body.id}`;
    const promotion = await answers(admin.patch(user).send({ role: 'manager' }), 'PATCH /api/users/{id}', 202);
    await answers(admin.patch(user).send({ disabled: true }), 'PATCH /api/users/{id}', 200);
    await answers(
      secondAdmin.post(`/api/users/requests/${promotion.body.id}/reject`).send({ reason: '人事異動の取消' }),
      'POST /api/users/requests/{id}/reject',
      204,
    );
    const operator = await answers(
      admin.post('/api/users').send({ loginName: 'sato', role: 'operator', password }),
      'POST /api/users',
      202,
    );
    await answers(admin.get('/api/users/requests'), 'GET /api/users/requests', 200);
    await answers(secondAdmin.post(`/api/users/requests/${operator.body.id}/approve`), 'POST /api/users/requests/{id}/approve', 200);
    await answers(admin.get('/api/users'), 'GET /api/users', 200);
  });

  it("describes bills, payments and every payment's evidence card", async () => {
    await answers(staff.get('/api/categories'), 'GET /api/categories', 200);
    await answers(staff.get(`/api/bills?billNumber=${BILL.paid}`), 'GET /api/bills', 200);
    await answers(staff.get('/api/bills?payerId=0000000042&balance=open&status=active'), 'GET /api/bills', 200);
    await answers(staff.get('/api/bills?billNumber=12'), 'GET /api/bills', 400);
    const payments = await answers(staff.get('/api/payments?limit=1000'), 'GET /api/payments', 200);
    expect(payments.body.items.length).toBeGreaterThan(10);
    for (const payment of payments.body.items) {
      await answers(staff.get(`/api/payments/${payment.id}/evidence`), 'GET /api/payments/{id}/evidence', 200);
    }
    await answers(staff.get('/api/payments/999999/evidence'), 'GET /api/payments/{id}/evidence', 404);
  });

  it('describes imports: uploads held, released, rejected, dry runs, duplicates and failures, and their lines', async () => {
    const operator = await t.login('operator');
    const number = billNumber('02', 2026, '03', 7001);
    const bills = billsCsv([{ number, amount: 5000, due: '2026-11-30' }]);
    const konbini = konbiniFile('2026-11-26', [{ type: '01', bill: number, amount: 5000, paidOn: '2026-11-26' }]);
    const lines = konbini.toString('latin1').split('\r\n');
    lines.splice(2, 0, '2' + '01' + '20261131' + ' '.repeat(109)); // 収納日 31 November: a rejected line
    const withBadLine = Buffer.from(lines.join('\r\n'), 'latin1');
    const upload = (agent: Agent, format: string, bytes: Buffer, name: string, dryRun?: string) => {
      const post = agent.post('/api/imports').field('format', format).field('receivedOn', '2026-11-26');
      return answers((dryRun ? post.field('dryRun', dryRun) : post).attach('file', bytes, name), 'POST /api/imports', 201);
    };
    const held = await upload(staff, 'bills', bills, 'bills-7001.csv');
    expect(held.body.files[0].status).toBe('held');
    await answers(
      manager.post(`/api/imports/${held.body.files[0].batchId}/release`).send({ reason: '基幹系と一致' }),
      'POST /api/imports/{id}/release',
      200,
    );
    await upload(staff, 'bills', bills, 'again.csv');
    await upload(staff, 'auto', Buffer.from('not a payment file\r\n'), 'odd.txt');
    await upload(staff, 'konbini', konbini, 'S1126.dat', 'true');
    expect((await upload(operator, 'konbini', konbini, 'S1126.dat')).body.files[0].status).toBe('imported');
    const rejected = (await upload(staff, 'konbini', withBadLine, 'S1126b.dat')).body.files[0].batchId;
    const reject = (reason: string) => manager.post(`/api/imports/${rejected}/reject`).send({ reason });
    await answers(reject('再送を依頼'), 'POST /api/imports/{id}/reject', 204);
    await answers(reject('二度目'), 'POST /api/imports/{id}/reject', 409);

    const history = await answers(staff.get('/api/imports?limit=1000'), 'GET /api/imports', 200);
    await answers(staff.get('/api/imports?status=held'), 'GET /api/imports', 200);
    for (const batch of history.body.items) {
      await answers(staff.get(`/api/imports/${batch.id}`), 'GET /api/imports/{id}', 200);
      await answers(staff.get(`/api/imports/${batch.id}/lines`), 'GET /api/imports/{id}/lines', 200);
    }
    await answers(staff.get(`/api/imports/${rejected}/lines?status=rejected&limit=1`), 'GET /api/imports/{id}/lines', 200);
  });

  it('describes the exception queue, each case, and every step of the workflow', async () => {
    const auditor = await t.login('auditor');
    const queue = await answers(staff.get('/api/exceptions?limit=1000'), 'GET /api/exceptions', 200);
    await answers(staff.get('/api/exceptions?sort=-amount&limit=2'), 'GET /api/exceptions', 200);
    const byType = new Map<string, number>(queue.body.items.map((e: { type: string; id: number }) => [e.type, e.id]));
    expect(byType.size).toBe(11);
    const step = (agent: Agent, type: string, what: string, body: object) => {
      const call = agent.post(`/api/exceptions/${byType.get(type)}/${what}`).send(body);
      return answers(call, `POST /api/exceptions/{id}/${what}`, what === 'resolve' ? 200 : 204);
    };
    const decide = (agent: Agent, resolutionId: number, decision: string, reason: string) =>
      answers(agent.post(`/api/resolutions/${resolutionId}/${decision}`).send({ reason }), `POST /api/resolutions/{id}/${decision}`, 204);

    await answers(
      staff.post(`/api/exceptions/${byType.get('preliminary_only')}/comments`).send({ body: '確報待ち' }),
      'POST /api/exceptions/{id}/comments',
      201,
    );
    await step(staff, 'preliminary_only', 'assign', { assignee: 'staff-test', reason: '担当します' });
    await step(staff, 'preliminary_only', 'status', { status: 'open', reason: '戻します' });
    const both = [byType.get('final_only'), byType.get('cancelled_payment')];
    await answers(
      staff.post('/api/exceptions/assign').send({ ids: both, assignee: 'staff-test', reason: '一括' }),
      'POST /api/exceptions/assign',
      200,
    );
    await step(staff, 'late_payment', 'resolve', { action: 'dismiss', reason: '延滞金なし' });
    const refund = await step(staff, 'duplicate_payment', 'resolve', { action: 'refund', reason: '二重納付のため還付' });
    await decide(manager, refund.body.resolutionId, 'approve', '確認');
    const dismiss = await step(staff, 'amount_over', 'resolve', { action: 'dismiss', reason: '対応不要' });
    await decide(manager, dismiss.body.resolutionId, 'reject', '過誤納は還付を');
    const withdrawn = await step(staff, 'unknown_bill', 'resolve', { action: 'refund', reason: '還付' });
    await decide(staff, withdrawn.body.resolutionId, 'withdraw', '納付者に確認中');
    await answers(
      auditor.post(`/api/exceptions/${byType.get('amount_short')}/resolve`).send({ action: 'dismiss', reason: 'x' }),
      'POST /api/exceptions/{id}/resolve',
      403,
    );

    for (const id of byType.values()) await answers(staff.get(`/api/exceptions/${id}`), 'GET /api/exceptions/{id}', 200);
    await answers(staff.get('/api/exceptions/999999'), 'GET /api/exceptions/{id}', 404);
  });

  it('describes days, the daily reconciliation, the cashless report and the audit log', async () => {
    await answers(staff.get('/api/days/2026-11-20'), 'GET /api/days/{date}', 200);
    await answers(manager.post('/api/days/2026-11-02/close').send({}), 'POST /api/days/{date}/close', 204);
    await answers(manager.post('/api/days/2026-11-02/reopen').send({ reason: '訂正のため' }), 'POST /api/days/{date}/reopen', 204);
    await answers(staff.get('/api/days/2026-11-02'), 'GET /api/days/{date}', 200);
    await answers(staff.get('/api/reconciliation/daily?date=2026-11-20'), 'GET /api/reconciliation/daily', 200);
    await answers(staff.get('/api/reconciliation/daily'), 'GET /api/reconciliation/daily', 200);
    for (const by of ['month', 'channel', 'category']) {
      await answers(staff.get(`/api/reports/cashless?fiscalYear=2026&by=${by}`), 'GET /api/reports/cashless', 200);
    }
    await answers(staff.get('/api/reports/cashless?fiscalYear=2026&format=csv-sjis'), 'GET /api/reports/cashless', 200);
    const auditor = await t.login('auditor');
    const log = await answers(auditor.get('/api/audit?limit=1000'), 'GET /api/audit', 200);
    expect(log.body.items.length).toBeGreaterThan(10);
    const { last } = (await answers(auditor.get('/api/audit/verify'), 'GET /api/audit/verify', 200)).body;
    await answers(auditor.get(`/api/audit/verify?checkpoint=${last.id}:${last.hash}`), 'GET /api/audit/verify', 200);
  });

  it('describes 連携出力: targets, runs and their files, re-send, the 督促抑止 and 振替不能 lists', async () => {
    const admin = await t.login('admin');
    await answers(
      admin.put('/api/export-targets/tax').send({ name: '税務システム', categories: ['01', '02', '03', '04'], encoding: 'utf8' }),
      'PUT /api/export-targets/{system}',
      200,
    );
    await answers(staff.get('/api/export-targets'), 'GET /api/export-targets', 200);
    await answers(staff.get('/api/exports/status'), 'GET /api/exports/status', 200);
    const [run] = (await answers(staff.post('/api/exports/results').send({ system: 'tax' }), 'POST /api/exports/results', 200)).body;
    await answers(staff.get('/api/exports/runs?system=tax'), 'GET /api/exports/runs', 200);
    // A run's file is bytes (text/csv, .xlsx), not JSON: the document declares it binary, so it is checked here.
    for (const format of ['csv', 'xlsx']) {
      const file = await staff.get(`/api/exports/runs/${run.run}/file?format=${format}`).buffer(true);
      expect([format, file.status, file.headers['content-disposition']]).toEqual([
        format,
        200,
        expect.stringMatching(/^attachment; filename="tax_/),
      ]);
    }
    contract.succeeded.add('GET /api/exports/runs/{id}/file');
    await answers(staff.post(`/api/exports/runs/${run.run}/resend`).send({}), 'POST /api/exports/runs/{id}/resend', 200);
    await answers(staff.get('/api/exports/dunning-hold?system=tax&asOf=2026-11-20'), 'GET /api/exports/dunning-hold', 200);
    await t.intake(
      'zengin-furikae',
      { 'FURIKAE.dat': furikaeFile('1127', [{ bill: BILL.short, amount: 100, result: '1' }]) },
      '2026-11-30',
    );
    const failed = await answers(
      staff.get('/api/exports/failed-debits?from=2026-11-01&to=2026-11-30'),
      'GET /api/exports/failed-debits',
      200,
    );
    await answers(
      staff.post(`/api/exports/failed-debits/${failed.body.rows[0].id}/follow-up`).send({ note: '再振替を依頼' }),
      'POST /api/exports/failed-debits/{id}/follow-up',
      204,
    );
  });

  it('describes the books, their 歳入科目, refund payouts and the exception list download', async () => {
    await answers(staff.get('/api/books/journal?date=2026-11-25'), 'GET /api/books/journal', 200);
    await answers(staff.get('/api/books/journal?month=2026-11'), 'GET /api/books/journal', 200);
    await answers(staff.get('/api/books/journal?month=2026-11&format=csv'), 'GET /api/books/journal', 200);
    await answers(staff.get('/api/books/journal'), 'GET /api/books/journal', 400);
    await answers(staff.get('/api/books/settlement?fiscalYear=2026'), 'GET /api/books/settlement', 200);
    await answers(staff.get('/api/books/inspection?month=2026-11'), 'GET /api/books/inspection', 200);
    await answers(staff.get('/api/books/adoption?fiscalYear=2026'), 'GET /api/books/adoption', 200);
    await answers(staff.get('/api/books/accounts'), 'GET /api/books/accounts', 200);
    const admin = await t.login('admin');
    const account = { ledger: '一般会計', kan: '市税', kou: '市民税', moku: '個人', setsu: '現年課税分' };
    await answers(admin.put('/api/books/accounts/01/current').send(account), 'PUT /api/books/accounts/{category}/{yearClass}', 204);
    const procedure = { name: '税務証明手数料', category: null, channels: [{ channel: 'city_cash', since: '2000-04-01' }] };
    await answers(admin.put('/api/books/procedures/F01').send(procedure), 'PUT /api/books/procedures/{code}', 204);
    await answers(admin.get('/api/books/procedures'), 'GET /api/books/procedures', 200);
    const refunds = await answers(manager.get('/api/books/refunds'), 'GET /api/books/refunds', 200);
    const unpaid = refunds.body.find((r: { paidOn: string | null }) => r.paidOn === null);
    expect(unpaid).toBeDefined();
    const pay = manager.post(`/api/books/refunds/${unpaid.resolutionId}/payment`).send({ paidOn: todayInTokyo() });
    await answers(pay, 'POST /api/books/refunds/{id}/payment', 204);
    await answers(
      manager.post('/api/books/refunds/999999/payment').send({ paidOn: todayInTokyo() }),
      'POST /api/books/refunds/{id}/payment',
      404,
    );
    await answers(staff.get('/api/exceptions/export?format=csv&type=duplicate_payment'), 'GET /api/exceptions/export', 200);
  });

  it('describes the nightly runs and the health a session sees', async () => {
    const inbox = mkdtempSync(join(tmpdir(), 'keshikomi-contract-inbox-'));
    try {
      mkdirSync(join(inbox, 'konbini'));
      const paid = { type: '02' as const, bill: billNumber('02', 2026, '03', 777001), amount: 1000, paidOn: '2026-11-24' };
      writeFileSync(join(inbox, 'konbini', 'SYUNO_20261124.dat'), konbiniFile('2026-11-24', [paid]));
      writeFileSync(join(inbox, 'konbini', 'SYUNO_20261124_bad.dat'), 'not a konbini file\r\n');
      await t.app.get(BatchService).run(inbox, { receivedOn: '2026-11-25', datesFromNames: true, archive: true });
      const runs = await answers(staff.get('/api/batch/runs?limit=1'), 'GET /api/batch/runs', 200);
      expect(runs.body.items[0].fileList).toHaveLength(2);
      await answers(staff.get('/api/health'), 'GET /api/health', 200);
      await answers(staff.get('/api/batch/runs?limit=0'), 'GET /api/batch/runs', 400);
    } finally {
      rmSync(inbox, { recursive: true, force: true });
    }
  });

  it('describes payout sources, the deposits reconciliation and the payments behind a payout', async () => {
    const admin = await t.login('admin');
    await answers(
      admin
        .put('/api/payout-sources')
        .send({ format: 'konbini', provider: '12345', payerName: 'ｶ)ｷﾕｳｼﾕｳｼﾕｳﾉｳﾀﾞｲｺｳ', fees: 'net', feePerItem: 60 }),
      'PUT /api/payout-sources',
      200,
    );
    await answers(
      admin.put('/api/payout-sources').send({ format: 'bills', provider: 'x', payerName: 'ｱ' }),
      'PUT /api/payout-sources',
      400,
    );
    await answers(staff.get('/api/payout-sources'), 'GET /api/payout-sources', 200);
    await answers(staff.get('/api/deposits/summary'), 'GET /api/deposits/summary', 200);
    await t.intake('zengin-deposit', {
      'NYUSHUKKIN_20261127.dat': statementOf('2026-11-20', '2026-11-27', [
        { bookedOn: '2026-11-26', direction: 'credit', transactionCode: '11', amount: 4321, payerName: 'ｷﾕｳｼﾕｳｼﾕｳﾉｳﾀﾞｲｺｳ' },
        { bookedOn: '2026-11-26', direction: 'debit', transactionCode: '11', amount: 1000 },
      ]),
    });
    const { deposits } = (await answers(staff.get('/api/deposits?from=2026-11-01&to=2026-12-31'), 'GET /api/deposits', 200)).body;
    expect(deposits.length).toBeGreaterThan(0);
    const payout = deposits.find((d: { dueOn: string | null }) => d.dueOn) ?? { format: 'konbini', provider: '12345', dueOn: '2026-11-26' };
    await answers(
      staff.get(`/api/deposits/payments?format=${payout.format}&provider=${payout.provider}&dueOn=${payout.dueOn}`),
      'GET /api/deposits/payments',
      200,
    );
    await answers(staff.get('/api/deposits/summary'), 'GET /api/deposits/summary', 200);
  });

  it('has had every operation of the document answer with success above', () => {
    expect(contract.operations().filter((operation) => !contract.succeeded.has(operation))).toEqual([]);
  });
});
