import ExcelJS from 'exceljs';
import request from 'supertest';
import { readFileSync } from 'node:fs';
import { request as httpRequest, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROLES, Role } from '../../src/auth/roles';
import { csvLine, safeCell } from '../../src/common/spreadsheet-safe';
import { Database } from '../../src/database/database';
import { billNumber, billsCsv, konbiniFile } from '../support/files';
import { Agent, startTestApp, TestApp } from '../support/test-app';
import { cli } from './run-cli';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
interface Parameter {
  name: string;
  in: 'path' | 'query';
  schema?: { type?: string };
}
interface Operation {
  key: string;
  method: Method;
  path: string;
  roles: Role[];
  parameters: Parameter[];
}

const DATE_PARAM = /^(date|.*On|.*From|.*To)$/;
const BAD_DATES = ['2026-02-31', '2026-13-45', '0000-00-00'];
const HUGE = '99999999999999999999';

/** issue #6 finding 10: the small holes, each a client mistake that answered 500 or a check that was missing. */
describe('finding 10: small holes', () => {
  let t: TestApp;
  const agents = {} as Record<Role, Agent>;
  let operations: Operation[];

  beforeAll(async () => {
    t = await startTestApp();
    for (const role of ROLES) agents[role] = await t.login(role);
    const doc = (await agents.staff.get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { 'x-roles'?: Role[]; parameters?: Parameter[] }>>;
    };
    operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      (['get', 'post', 'put', 'patch', 'delete'] as Method[])
        .filter((m) => item[m])
        .map((method) => ({
          key: `${method.toUpperCase()} ${path}`,
          method,
          path,
          roles: item[method]['x-roles'] ?? [],
          parameters: item[method].parameters ?? [],
        })),
    );
  });
  afterAll(() => t.close());

  /** The bytes exactly as given (supertest re-encodes a gzip body). */
  const rawPost = async (path: string, headers: Record<string, string>, body: Buffer): Promise<{ status: number; body: string }> => {
    const server = t.app.getHttpServer() as Server;
    if (!server.listening) await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    return new Promise((done, fail) => {
      const options = { host: '127.0.0.1', port, path, method: 'POST', headers: { ...headers, 'content-length': String(body.length) } };
      const req = httpRequest(options, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      });
      req.on('error', fail);
      req.end(body);
    });
  };

  describe('the correlation id', () => {
    it('echoes a well-formed id and replaces anything else with a fresh one', async () => {
      const good = await request(t.http).get('/api/exceptions').set('X-Correlation-Id', 'batch-2026-11-26-0001').expect(401);
      expect(good.headers['x-correlation-id']).toBe('batch-2026-11-26-0001');
      expect(good.body.correlationId).toBe('batch-2026-11-26-0001');
      for (const bad of ['"><script>alert(1)</script>', 'a'.repeat(65), 'two words', 'a/b', '']) {
        const res = await request(t.http).get('/api/exceptions').set('X-Correlation-Id', bad).expect(401);
        expect(res.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
        expect(res.body.correlationId).toBe(res.headers['x-correlation-id']);
      }
      const ok = await agents.staff.get('/api/exceptions').set('X-Correlation-Id', 'ui-42').expect(200);
      expect(ok.headers['x-correlation-id']).toBe('ui-42');
    });
  });

  describe('request bodies', () => {
    it('answers 413 to an oversized or gzip-bombed JSON body and 400 to malformed JSON, as the error shape says', async () => {
      const big = await request(t.http)
        .post('/api/auth/login')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ loginName: 'x', password: 'y'.repeat(2 * 1024 * 1024) }));
      expect(big.status).toBe(413);
      expect(big.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE', correlationId: expect.any(String) });
      expect(big.body.message).toMatch(/body/);

      const bomb = gzipSync(Buffer.from(`{"loginName":"x","password":"${'0'.repeat(50 * 1024 * 1024)}"}`));
      expect(bomb.length).toBeLessThan(100 * 1024);
      const gz = await rawPost('/api/auth/login', { 'content-type': 'application/json', 'content-encoding': 'gzip' }, bomb);
      expect(gz.status).toBe(413);
      expect(JSON.parse(gz.body).code).toBe('PAYLOAD_TOO_LARGE');
      const gzipJson = { 'content-type': 'application/json', 'content-encoding': 'gzip' };
      const corrupt = await rawPost('/api/auth/login', gzipJson, bomb.subarray(0, 200));
      expect(corrupt.status).toBe(400);
      expect(JSON.parse(corrupt.body).code).toBe('MALFORMED_BODY');

      const broken = await request(t.http).post('/api/auth/login').set('Content-Type', 'application/json').send('{"loginName": "x", ');
      expect(broken.status).toBe(400);
      expect(broken.body).toMatchObject({ statusCode: 400, code: 'MALFORMED_BODY' });
      expect(broken.body.message).toMatch(/body/);
    });
  });

  describe("every route's path and query parameters (walked from the OpenAPI document)", () => {
    const call = (o: Operation, url: string) => {
      const agent = agents[o.roles[0]];
      return o.method === 'get' ? agent.get(url) : agent[o.method](url).send({});
    };
    const urlOf = (o: Operation, name: string, value: string) => {
      const inPath = o.parameters.some((p) => p.in === 'path' && p.name === name);
      const path = o.path.replace(/\{([^}]+)\}/g, (_, p: string) =>
        p === name ? encodeURIComponent(value) : p === 'date' ? '2026-11-26' : '1',
      );
      const required = o.path.includes('reports/cashless') && name !== 'fiscalYear' ? 'fiscalYear=2026&' : '';
      return inPath ? path : `${path}?${required}${name}=${encodeURIComponent(value)}`;
    };

    it('answers 400 naming the field for impossible dates, out-of-range ids, cursors and years; never 500', async () => {
      const failures: string[] = [];
      let checked = 0;
      for (const o of operations.filter((op) => op.roles.length)) {
        for (const p of o.parameters) {
          const values =
            p.schema?.type === 'number' || p.schema?.type === 'integer' || p.name === 'id'
              ? [HUGE, '-1', '1.5', '1e3']
              : DATE_PARAM.test(p.name)
                ? BAD_DATES
                : p.name === 'key'
                  ? ['2026-13-45~1', `1~${HUGE}`, `${HUGE}~1`]
                  : p.name === 'checkpoint'
                    ? [`${HUGE}:${'0'.repeat(64)}`]
                    : [];
          for (const value of values) {
            const res = await call(o, urlOf(o, p.name, value));
            checked++;
            const named = typeof res.body?.message === 'string' ? res.body.message : JSON.stringify(res.body?.message ?? '');
            if (res.status !== 400 || !named.includes(p.name)) failures.push(`${o.key} ${p.name}=${value}: ${res.status} ${named}`);
          }
        }
      }
      expect(failures).toEqual([]);
      expect(checked).toBeGreaterThan(40);
    });

    it('answers 400 to a 12-digit fiscal year on the report and the bills', async () => {
      for (const url of ['/api/reports/cashless?fiscalYear=202620262026', '/api/bills?fiscalYear=202620262026']) {
        const res = await agents.manager.get(url);
        expect(res.status).toBe(400);
        expect(JSON.stringify(res.body.message)).toContain('fiscalYear');
      }
    });
  });

  describe('the API documentation', () => {
    it('is served to logged-in users only', async () => {
      await request(t.http).get('/api/docs-json').expect(401);
      const page = await request(t.http).get('/api/docs/');
      expect(page.status).toBe(401);
      await agents.finance.get('/api/docs-json').expect(200);
      expect((await agents.auditor.get('/api/docs/')).status).toBe(200);
    });

    it('is public when KESHIKOMI_PUBLIC_API_DOCS=true', async () => {
      const open = await startTestApp({ KESHIKOMI_PUBLIC_API_DOCS: 'true' });
      try {
        await request(open.http).get('/api/docs-json').expect(200);
      } finally {
        await open.close();
      }
    });
  });

  describe('a manager or an admin made through the API', () => {
    const users = async () => (await agents.admin.get('/api/users').expect(200)).body.items as { loginName: string; role: string }[];

    it("waits for a second admin's approval; the requester cannot approve it; other roles are immediate", async () => {
      const second = await t.login('admin', 'admin-two');
      const kachou = { loginName: 'new-kachou', role: 'manager', password: 'kachou-password-2026' };
      const asked = await agents.admin.post('/api/users').send(kachou);
      expect(asked.status).toBe(202);
      expect(asked.body).toMatchObject({
        status: 'pending',
        kind: 'create',
        loginName: 'new-kachou',
        role: 'manager',
        requestedBy: 'admin-test',
      });
      expect((await users()).map((u) => u.loginName)).not.toContain('new-kachou');
      const self = await agents.admin.post(`/api/users/requests/${asked.body.id}/approve`).send({});
      expect(self.status).toBe(403);
      expect(self.body.code).toBe('USER_SELF_APPROVAL');
      const approved = await second.post(`/api/users/requests/${asked.body.id}/approve`).send({}).expect(200);
      expect(approved.body).toMatchObject({ loginName: 'new-kachou', role: 'manager' });
      await request(t.http).post('/api/auth/login').send({ loginName: 'new-kachou', password: 'kachou-password-2026' }).expect(200);
      await second.post(`/api/users/requests/${asked.body.id}/approve`).send({}).expect(409);

      await agents.admin.post('/api/users').send({ loginName: 'new-staff', role: 'staff', password: 'staff-password-2026' }).expect(201);
    });

    it("promotes only with a second admin's approval, demotes at once, and audits each step", async () => {
      const second = await t.login('admin', 'admin-two');
      const staff = await t.user('staff', 'to-be-promoted');
      const asked = await agents.admin.patch(`/api/users/${staff.id}`).send({ role: 'admin' }).expect(202);
      expect((await users()).find((u) => u.loginName === 'to-be-promoted')?.role).toBe('staff');
      const pending = (await agents.admin.get('/api/users/requests').expect(200)).body.items as { id: number }[];
      expect(pending.map((r) => r.id)).toContain(asked.body.id);
      await second.post(`/api/users/requests/${asked.body.id}/reject`).send({ reason: '異動の予定なし' }).expect(204);
      expect((await users()).find((u) => u.loginName === 'to-be-promoted')?.role).toBe('staff');

      const again = await agents.admin.patch(`/api/users/${staff.id}`).send({ role: 'manager' }).expect(202);
      await second.post(`/api/users/requests/${again.body.id}/approve`).send({}).expect(200);
      expect((await users()).find((u) => u.loginName === 'to-be-promoted')?.role).toBe('manager');
      await agents.admin.patch(`/api/users/${staff.id}`).send({ role: 'staff' }).expect(200);

      const audit: { action: string; actor: string }[] = await t.app
        .get(Database)
        .dataSource.query(`SELECT action, actor FROM audit_log WHERE entity IN ('app_user', 'user_change_request') ORDER BY id`);
      const actions = audit.map((a) => `${a.action} ${a.actor}`);
      expect(actions).toEqual(
        expect.arrayContaining([
          'user.change.request admin-test',
          'user.change.reject admin-two',
          'user.change.approve admin-two',
          'user.update admin-two',
        ]),
      );
    });

    it('leaves the CLI (shell access) as it is, and audited', async () => {
      process.env.DATABASE_URL = t.db.url;
      try {
        const r = await cli(['user', 'add', 'cli-admin', '--role', 'admin', '--password-stdin', '--json'], 'cli-admin-password-1\n');
        expect(r.code).toBe(0);
      } finally {
        delete process.env.DATABASE_URL;
      }
      expect((await users()).find((u) => u.loginName === 'cli-admin')?.role).toBe('admin');
      const [row] = await t.app
        .get(Database)
        .dataSource.query(`SELECT actor FROM audit_log WHERE action = 'user.create' AND after->>'loginName' = 'cli-admin'`);
      expect(row.actor).toMatch(/^cli/);
    });
  });

  describe('spreadsheet cells', () => {
    it('escapes full-width ＝＋－＠ and a leading space, tab or CR, as well as = + - @', () => {
      for (const text of ['=1+1', '+1', '-1', '@SUM(A1)', '＝1+1', '＋1', '－1', '＠SUM(A1)', ' =1+1', '\t=1+1', '\r=1+1', '\n=1+1']) {
        expect(safeCell(text)).toBe(`'${text}`);
      }
      for (const text of ['市県民税', '2026年度', 'a=b', '']) expect(safeCell(text)).toBe(text);
      expect(safeCell(-1200)).toBe(-1200);
      expect(csvLine(['＝HYPERLINK("http://x")', 1])).toBe(`"'＝HYPERLINK(""http://x"")",1`);
    });

    it('escapes a category name a city entered, in the CSV and the Excel report', async () => {
      const bill = billNumber('01', 2026, '01', 5001);
      await t.intake('bills', { 'bills.csv': billsCsv([{ number: bill, amount: 8000, due: '2026-11-30' }]) });
      await t.intake('konbini', { 'S.dat': konbiniFile('2026-11-20', [{ type: '01', bill, amount: 8000, paidOn: '2026-11-20' }]) });
      await t.app
        .get(Database)
        .dataSource.query(`UPDATE revenue_category SET name = '＝HYPERLINK("http://evil.example")' WHERE code = '01'`);
      const csv = await agents.finance.get('/api/reports/cashless?fiscalYear=2026&by=category&format=csv').expect(200);
      expect(csv.text).toContain('＝HYPERLINK');
      expect(csv.text).not.toMatch(/(^|,)"?＝HYPERLINK/m);
      const xlsx = await agents.finance
        .get('/api/reports/cashless?fiscalYear=2026&by=category&format=xlsx')
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      const book = new ExcelJS.Workbook();
      const bytes = xlsx.body as Buffer;
      await book.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
      const texts: string[] = [];
      book.worksheets[0].eachRow((row) => row.eachCell((cell) => texts.push(String(cell.value))));
      expect(texts.some((v) => v.includes('＝HYPERLINK'))).toBe(true);
      expect(texts.some((v) => v.startsWith('＝'))).toBe(false);
    });
  });

  describe('dependencies', () => {
    it('has no uuid below 11.1.1 (exceljs brought 8.3.2)', () => {
      const fromExceljs = require.resolve('uuid/package.json', { paths: [dirname(require.resolve('exceljs/package.json'))] });
      const version = JSON.parse(readFileSync(fromExceljs, 'utf8')).version as string;
      const [major, minor, patch] = version.split('.').map(Number);
      expect(major * 1e6 + minor * 1e3 + patch).toBeGreaterThanOrEqual(11_001_001);
      const lockFile = readFileSync(join(__dirname, '../../package-lock.json'), 'utf8');
      const lock = JSON.parse(lockFile) as { packages: Record<string, { version: string }> };
      const old = Object.entries(lock.packages).filter(
        ([path, p]) => path.endsWith('node_modules/uuid') && /^([0-9]|10)\.|^11\.0\./.test(p.version),
      );
      expect(old).toEqual([]);
    });
  });
});
