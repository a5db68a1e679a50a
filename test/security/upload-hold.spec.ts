import * as iconv from 'iconv-lite';
import request from 'supertest';
import { loadConfig } from '../../src/config/app-config';
import { Database } from '../../src/database/database';
import { bankCounterFile, furikaeFile } from '../support/channel-files';
import { billNumber, billsCsv, konbiniFile } from '../support/files';
import { Agent, startTestApp, TestApp } from '../support/test-app';

const A = billNumber('02', 2026, '03', 5101);
const B = billNumber('03', 2026, '01', 5102);
const C = billNumber('07', 2026, '11', 5103);

/**
 * issue #6, finding 1: one staff member uploaded a one-line bank-counter file through POST /api/imports and
 * it was matched at once, closing the bill, with the import and the matching audited as `system`. Uploads are
 * now held (取込保留) until a different manager releases them; the CLI and the inbox are never held.
 */
describe('uploads are held until a second person releases them (取込保留)', () => {
  let t: TestApp;
  let staff: Agent;
  let manager1: Agent;
  let manager2: Agent;
  beforeAll(async () => {
    t = await startTestApp();
    staff = await t.login('staff', 'staff1');
    manager1 = await t.login('manager', 'manager1');
    manager2 = await t.login('manager', 'manager2');
    await t.intake('bills', {
      'bills.csv': billsCsv([
        { number: A, amount: 12300, due: '2026-11-30' },
        { number: B, amount: 6000, due: '2026-11-30' },
        { number: C, amount: 8000, due: '2026-11-30' },
      ]),
    });
  });
  afterAll(() => t.close());
  const sql = <T>(text: string, params: unknown[] = []) => t.app.get(Database).dataSource.query(text, params) as Promise<T[]>;
  const openAmount = async (bill: string): Promise<number> =>
    (await staff.get(`/api/bills?billNumber=${bill}`).expect(200)).body.items[0].openAmount;
  const upload = (agent: Agent, file: Buffer, name: string, format = 'bank-counter') =>
    agent.post('/api/imports').field('format', format).field('receivedOn', '2026-11-25').attach('file', file, name);

  it('holds a one-line bank-counter file a staff member uploads: kept and visible, but the bill stays open', async () => {
    const res = await upload(staff, bankCounterFile([{ bill: A, amount: 12300, paidOn: '20261125' }]), 'ocr_20261125.csv').expect(201);
    expect(res.body.files[0]).toMatchObject({ status: 'held', records: 1, accepted: 1, rejected: 0, batchId: expect.any(Number) });
    expect(res.body.match).toBeNull();
    const id = res.body.files[0].batchId;
    expect(await openAmount(A)).toBe(12300);
    expect(await sql(`SELECT id FROM payment WHERE bill_number = $1`, [A])).toEqual([]);
    const detail = await staff.get(`/api/imports/${id}`).expect(200);
    expect(detail.body).toMatchObject({ status: 'held', importedBy: 'staff1', arrivedVia: 'api', reviewedBy: null, accepted: 1 });
    const lines = await staff.get(`/api/imports/${id}/lines?status=accepted`).expect(200);
    expect(lines.body.items).toHaveLength(1);
    expect(lines.body.items[0].raw).toContain(A);
    const held = await manager2.get('/api/imports?status=held').expect(200);
    expect(held.body.items.map((b: { id: number }) => b.id)).toContain(id);
    // Named in the audit log: the person, not `system`.
    const [audit] = await sql<{ actor: string }>(`SELECT actor FROM audit_log WHERE action = 'import' AND entity_id = $1`, [String(id)]);
    expect(audit.actor).toBe('staff1');
  });

  it('lets neither uploader nor staff release it; another manager releases it with a reason, matched in her name', async () => {
    const res = await upload(manager1, bankCounterFile([{ bill: B, amount: 6000, paidOn: '20261125' }]), 'ocr_b.csv').expect(201);
    const id = res.body.files[0].batchId;
    const own = await manager1.post(`/api/imports/${id}/release`).send({ reason: '確認済み' }).expect(403);
    expect(own.body.code).toBe('IMPORT_OWN_UPLOAD');
    await staff.post(`/api/imports/${id}/release`).send({ reason: '確認済み' }).expect(403);
    await manager2.post(`/api/imports/${id}/release`).send({}).expect(400);
    expect(await openAmount(B)).toBe(6000);

    const released = await manager2.post(`/api/imports/${id}/release`).send({ reason: '指定金融機関の日計表と照合済み' }).expect(200);
    expect(released.body.files[0]).toMatchObject({ status: 'imported', batchId: id, accepted: 1 });
    expect(released.body.match).toMatchObject({ matched: expect.any(Number) });
    expect(await openAmount(B)).toBe(0);
    const detail = await manager1.get(`/api/imports/${id}`).expect(200);
    expect(detail.body).toMatchObject({
      status: 'imported',
      importedBy: 'manager1',
      reviewedBy: 'manager2',
      reviewReason: '指定金融機関の日計表と照合済み',
      matchPending: false,
    });
    const audit = await sql<{ actor: string; action: string; reason: string | null }>(
      `SELECT actor, action, reason FROM audit_log
        WHERE id > (SELECT max(id) FROM audit_log WHERE action = 'import' AND entity_id = $1) ORDER BY id`,
      [String(id)],
    );
    expect(audit).toEqual(
      expect.arrayContaining([
        { actor: 'manager2', action: 'import.release', reason: '指定金融機関の日計表と照合済み' },
        { actor: 'manager2', action: 'match.run', reason: null },
      ]),
    );
    await manager2.post(`/api/imports/${id}/release`).send({ reason: 'もう一度' }).expect(409);
  });

  it('refuses, in the database too, a review by the person who brought the file', async () => {
    const res = await upload(staff, bankCounterFile([{ bill: C, amount: 1, paidOn: '20261125' }]), 'ocr_self.csv').expect(201);
    await expect(
      sql(
        `UPDATE import_batch SET status = 'imported', reviewed_by = imported_by, reviewed_at = now(), review_reason = 'self' WHERE id = $1`,
        [res.body.files[0].batchId],
      ),
    ).rejects.toMatchObject({ code: '23514' });
    await manager1.post(`/api/imports/${res.body.files[0].batchId}/reject`).send({ reason: '金額誤り' }).expect(204);
  });

  it('rejects a held file with a reason: never loaded, and the same bytes may be uploaded again', async () => {
    const file = bankCounterFile([{ bill: C, amount: 8000, paidOn: '20261126' }]);
    const first = await upload(staff, file, 'ocr_c.csv').expect(201);
    const id = first.body.files[0].batchId;
    await manager1.post(`/api/imports/${id}/reject`).send({ reason: '' }).expect(400);
    await manager1.post(`/api/imports/${id}/reject`).send({ reason: '別の日の日計表が混ざっている' }).expect(204);
    expect((await staff.get(`/api/imports/${id}`).expect(200)).body).toMatchObject({ status: 'rejected', reviewedBy: 'manager1' });
    await manager2.post(`/api/imports/${id}/release`).send({ reason: '解除' }).expect(409);
    const [audit] = await sql<{ actor: string; reason: string }>(
      `SELECT actor, reason FROM audit_log WHERE action = 'import.reject' AND entity_id = $1`,
      [String(id)],
    );
    expect(audit).toEqual({ actor: 'manager1', reason: '別の日の日計表が混ざっている' });
    expect(await openAmount(C)).toBe(8000);
    const again = await upload(staff, file, 'ocr_c.csv').expect(201);
    expect(again.body.files[0]).toMatchObject({ status: 'held' });
    expect(again.body.files[0].batchId).not.toBe(id);
  });

  it('keeps a 確報 in a held file from upgrading its 速報 until release', async () => {
    const preliminary = konbiniFile('2026-11-20', [{ type: '01', bill: A, amount: 12300, paidOn: '2026-11-20' }]);
    await t.intake('konbini', { 'SYUNO_20261120.dat': preliminary }, '2026-11-20');
    const state = async () =>
      (await sql<{ state: string }>(`SELECT state FROM payment WHERE bill_number = $1 AND source_format = 'konbini'`, [A]))[0].state;
    expect(await state()).toBe('preliminary');
    const final = konbiniFile('2026-11-24', [{ type: '02', bill: A, amount: 12300, paidOn: '2026-11-20' }]);
    const res = await upload(staff, final, 'SYUNO_20261124.dat', 'konbini').expect(201);
    expect(res.body.files[0].status).toBe('held');
    expect(await state()).toBe('preliminary');
    await manager1.post(`/api/imports/${res.body.files[0].batchId}/release`).send({ reason: '確報を確認' }).expect(200);
    expect(await state()).toBe('final');
  });

  it('keeps a held 口座振替結果 file with its 預金者名 masked, and loads the same masked names at release', async () => {
    const file = furikaeFile('1127', [
      { bill: B, amount: 6000, result: '0' },
      { bill: C, amount: 8000, result: '1' },
    ]);
    const res = await upload(staff, file, 'FURIKAE.dat', 'zengin-furikae').expect(201);
    expect(res.body.files[0]).toMatchObject({ status: 'held', accepted: 2 });
    const id = res.body.files[0].batchId;
    const kept = (name: string) =>
      sql(`SELECT line_no FROM import_line WHERE batch_id = $1 AND position($2::bytea IN raw) > 0`, [id, iconv.encode(name, 'cp932')]);
    expect(await kept('ﾀﾙﾐｽﾞ ﾀﾛｳ')).toEqual([]);
    expect(await kept('ﾀ＊')).toHaveLength(2);
    await manager1.post(`/api/imports/${id}/release`).send({ reason: '振替結果を確認' }).expect(200);
    expect(await sql(`SELECT payer_name_masked FROM payment WHERE first_batch_id = $1`, [id])).toEqual([{ payer_name_masked: 'ﾀ＊' }]);
    expect(await sql(`SELECT payer_name_masked, result_code FROM failed_debit WHERE batch_id = $1`, [id])).toEqual([
      { payer_name_masked: 'ﾀ＊', result_code: '1' },
    ]);
  });

  it('is released by the same bytes arriving through the CLI or the inbox', async () => {
    const file = bankCounterFile([{ bill: C, amount: 8000, paidOn: '20261127' }]);
    const held = await upload(staff, file, 'ocr_cli.csv').expect(201);
    const cli = await t.intake('bank-counter', { 'ocr_cli.csv': file });
    expect(cli.files[0]).toMatchObject({ status: 'imported', releasedHeld: true, batchId: held.body.files[0].batchId });
    expect(cli.match).not.toBeNull();
    expect(await openAmount(C)).toBe(0);
    const detail = await staff.get(`/api/imports/${held.body.files[0].batchId}`).expect(200);
    expect(detail.body).toMatchObject({ status: 'imported', reviewedBy: 'test' });
  });

  it('does not hold what an operator service account uploads, and the operator reads imports and nothing else', async () => {
    const operator = await request(t.http)
      .get('/api/auth/me')
      .set(await t.bearer('operator', 'nightly-script'))
      .expect(200);
    expect(operator.body.user.role).toBe('operator');
    const headers = await t.bearer('operator', 'nightly-script');
    const file = konbiniFile('2026-11-28', [{ type: '01', bill: B, amount: 100, paidOn: '2026-11-28' }]);
    const res = await request(t.http)
      .post('/api/imports')
      .set(headers)
      .field('format', 'konbini')
      .field('receivedOn', '2026-11-28')
      .attach('file', file, 'SYUNO_20261128.dat')
      .expect(201);
    expect(res.body.files[0]).toMatchObject({ status: 'imported' });
    expect(res.body.match).not.toBeNull();
    await request(t.http).get(`/api/imports/${res.body.files[0].batchId}`).set(headers).expect(200);
    await request(t.http).get('/api/exceptions').set(headers).expect(403);
    await request(t.http).get('/api/bills').set(headers).expect(403);
    await request(t.http).post(`/api/imports/${res.body.files[0].batchId}/release`).set(headers).send({ reason: 'x' }).expect(403);
  });

  it('holds per format as KESHIKOMI_HOLD_UPLOADS says, and refuses a wrong setting at start', () => {
    expect(loadConfig({ KESHIKOMI_HOLD_UPLOADS: 'konbini, bank-counter' }).KESHIKOMI_HOLD_UPLOADS).toEqual(['konbini', 'bank-counter']);
    expect(loadConfig({}).KESHIKOMI_HOLD_UPLOADS).toEqual(['all']);
    expect(() => loadConfig({ KESHIKOMI_HOLD_UPLOADS: 'konbni' })).toThrow(/KESHIKOMI_HOLD_UPLOADS/);
    expect(() => loadConfig({ KESHIKOMI_HOLD_UPLOADS: 'none,konbini' })).toThrow(/KESHIKOMI_HOLD_UPLOADS/);
  });
});

describe('KESHIKOMI_HOLD_UPLOADS=konbini holds only konbini uploads', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ KESHIKOMI_HOLD_UPLOADS: 'konbini' });
  });
  afterAll(() => t.close());

  it('imports a bank-counter upload at once and holds a konbini one', async () => {
    const staff = await t.login('staff');
    const bank = await staff
      .post('/api/imports')
      .field('format', 'bank-counter')
      .attach('file', bankCounterFile([{ bill: A, amount: 1, paidOn: '20261125' }]), 'ocr.csv')
      .expect(201);
    expect(bank.body.files[0].status).toBe('imported');
    const konbini = await staff
      .post('/api/imports')
      .field('format', 'auto')
      .attach('file', konbiniFile('2026-11-25', [{ type: '01', bill: A, amount: 1, paidOn: '2026-11-25' }]), 'SYUNO.dat')
      .expect(201);
    expect(konbini.body.files[0]).toMatchObject({ format: 'konbini', status: 'held' });
  });
});
