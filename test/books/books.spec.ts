import ExcelJS from 'exceljs';
import * as iconv from 'iconv-lite';
import request from 'supertest';
import { todayInTokyo } from '../../src/common/calendar';
import { bankCounterFile } from '../support/channel-files';
import { billNumber, billsCsv, konbiniFile } from '../support/files';
import { Agent, startTestApp, TestApp } from '../support/test-app';

const A = billNumber('01', 2026, '03', 8101); // 市県民税 current
const B = billNumber('02', 2026, '03', 8102); // 固定資産税 current, paid twice
const C = billNumber('03', 2026, '01', 8103); // 軽自動車税, 速報 only
const D = billNumber('02', 2025, '04', 8104); // 固定資産税 令和7年度 第4期: 滞納繰越分 in FY2026

/** The bytes of a download (supertest keeps binary answers only when asked to). */
function bytesOf(call: request.Test): Promise<Buffer> {
  return call
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    })
    .expect(200)
    .then((res) => res.body as Buffer);
}

async function sheetOf(bytes: Buffer): Promise<ExcelJS.Worksheet> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  return book.worksheets[0];
}

/**
 * The 会計課's books (issue #11): 収入日計表 and 月計表 by 収入日 × 歳入科目 × 年度区分 × channel, tied to the imported
 * files; the 決算 with its identity, 還付未済 falling once a refund is paid out; the 歳入科目 an admin edits; the
 * exports read back.
 */
describe('books: journal, settlement, accounts and their exports', () => {
  let t: TestApp;
  let finance: Agent;
  beforeAll(async () => {
    t = await startTestApp();
    finance = await t.login('finance');
    await t.intake('bills', {
      'bills.csv': billsCsv([
        { number: A, amount: 10000, due: '2026-11-30' },
        { number: B, amount: 8000, due: '2026-11-30' },
        { number: C, amount: 5000, due: '2026-11-30' },
        { number: D, amount: 7000, due: '2026-03-02' },
      ]),
    });
    await t.intake('konbini', {
      'S1.dat': konbiniFile('2026-11-24', [
        { type: '01', bill: A, amount: 10000, paidOn: '2026-11-20' },
        { type: '02', bill: A, amount: 10000, paidOn: '2026-11-20' },
        { type: '01', bill: C, amount: 5000, paidOn: '2026-11-24' },
      ]),
    });
    await t.intake('bank-counter', {
      'OCR1.csv': bankCounterFile([
        { bill: B, amount: 8000, paidOn: '20261124' },
        { bill: D, amount: 7000, paidOn: '20261124' },
      ]),
      'OCR2.csv': bankCounterFile([{ bill: B, amount: 8000, paidOn: '20261125' }]),
    });
  });
  afterAll(() => t.close());

  it('gives a day’s 収入日計表 by 科目 × 年度区分 × channel with the 歳入科目, tied to the files, 速報 pending', async () => {
    const { body } = await finance.get('/api/books/journal?date=2026-11-24').expect(200);
    expect(body.rows).toEqual([
      expect.objectContaining({
        date: '2026-11-24',
        fiscalYear: 2026,
        category: '01',
        yearClass: 'current',
        channel: 'convenience_store',
        count: 1,
        amount: 10000,
      }),
      expect.objectContaining({ category: '02', yearClass: 'current', channel: 'bank_counter', count: 1, amount: 8000 }),
      expect.objectContaining({ category: '02', yearClass: 'carried', channel: 'bank_counter', count: 1, amount: 7000 }),
    ]);
    expect(body.rows[0].account).toBe('一般会計 市税・市民税・個人・現年課税分');
    expect(body.rows[2].account).toBe('一般会計 市税・固定資産税・固定資産税・滞納繰越分');
    expect(body.total).toEqual({ count: 3, amount: 25000 });
    expect(body.pending).toBe(1);
    expect(body.files.map((f: { fileName: string; count: number; amount: number }) => [f.fileName, f.count, f.amount])).toEqual([
      ['S1.dat', 1, 10000],
      ['OCR1.csv', 2, 15000],
    ]);
    expect(body.tiedToFiles).toBe(true);
  });

  it('adds the days up to the 月計表, with the fiscal year to date', async () => {
    const { body } = await finance.get('/api/books/journal?month=2026-11').expect(200);
    expect(body.total).toEqual({ count: 4, amount: 33000 });
    expect(body.days).toEqual([
      { date: '2026-11-24', count: 3, amount: 25000 },
      { date: '2026-11-25', count: 1, amount: 8000 },
    ]);
    expect(body.cumulativeFiscalYear).toBe(2026);
    expect(body.cumulative).toEqual({ count: 4, amount: 33000 });
    await finance.get('/api/books/journal').expect(400);
    await finance.get('/api/books/journal?date=2026-11-24&month=2026-11').expect(400);
  });

  it('closes the 決算 per 科目 and 年度区分 with its identity, and 還付未済 falls once the refund is paid out', async () => {
    const before = (await finance.get('/api/books/settlement?fiscalYear=2026').expect(200)).body;
    const row = (category: string, yearClass: string, s = before) =>
      s.rows.find((r: { category: string; yearClass: string }) => r.category === category && r.yearClass === yearClass);
    expect(row('02', 'current')).toMatchObject({
      assessed: 8000,
      collected: 16000,
      writtenOff: 0,
      refundUnpaid: 8000,
      uncollected: 0,
      identityHolds: true,
    });
    expect(row('02', 'carried')).toMatchObject({ assessed: 7000, collected: 7000, refundUnpaid: 0, uncollected: 0, identityHolds: true });
    expect(row('01', 'current')).toMatchObject({ assessed: 10000, collected: 10000, uncollected: 0, identityHolds: true });
    expect(before.rows.every((r: { identityHolds: boolean }) => r.identityHolds)).toBe(true);
    expect(before.closedOn).toBe('2027-05-31');
    const fy2025 = (await finance.get('/api/books/settlement?fiscalYear=2025').expect(200)).body;
    expect(row('02', 'current', fy2025)).toMatchObject({ assessed: 7000, collected: 0, uncollected: 7000, identityHolds: true });

    const staff = await t.login('staff');
    const manager = await t.login('manager');
    const duplicate = (await staff.get('/api/exceptions?type=duplicate_payment').expect(200)).body.items[0];
    const proposal = await staff
      .post(`/api/exceptions/${duplicate.id}/resolve`)
      .send({ action: 'refund', reason: '二重納付のため還付' })
      .expect(200);
    await manager.post(`/api/resolutions/${proposal.body.resolutionId}/approve`).send({ reason: '確認' }).expect(204);
    const refunds = (await manager.get('/api/books/refunds').expect(200)).body;
    expect(refunds).toEqual([expect.objectContaining({ resolutionId: proposal.body.resolutionId, amount: 8000, paidOn: null })]);
    expect(row('02', 'current', (await finance.get('/api/books/settlement?fiscalYear=2026').expect(200)).body)).toMatchObject({
      refundUnpaid: 8000,
    });

    const paidOn = todayInTokyo();
    await staff.post(`/api/books/refunds/${proposal.body.resolutionId}/payment`).send({ paidOn }).expect(403);
    await manager.post(`/api/books/refunds/${proposal.body.resolutionId}/payment`).send({ paidOn: '2020-01-01' }).expect(400);
    await manager.post(`/api/books/refunds/${proposal.body.resolutionId}/payment`).send({ paidOn }).expect(204);
    await manager.post(`/api/books/refunds/${proposal.body.resolutionId}/payment`).send({ paidOn }).expect(409);
    const after = (await finance.get('/api/books/settlement?fiscalYear=2026').expect(200)).body;
    expect(row('02', 'current', after)).toMatchObject({
      assessed: 8000,
      collected: 8000,
      refundUnpaid: 0,
      uncollected: 0,
      identityHolds: true,
    });
    const audit = (await (await t.login('auditor')).get('/api/audit?limit=1000').expect(200)).body.items;
    expect(audit).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'refund.paid', actor: 'manager-test' })]));
  });

  it('lets an admin alone set a 歳入科目, audited, and the books print it', async () => {
    const admin = await t.login('admin');
    const account = { ledger: '一般会計', kan: '市税', kou: '市民税', moku: '個人', setsu: '現年課税分（普通徴収）' };
    await finance.put('/api/books/accounts/01/current').send(account).expect(403);
    await admin
      .put('/api/books/accounts/01/current')
      .send({ ...account, setsu: '' })
      .expect(400);
    await admin.put('/api/books/accounts/99/current').send(account).expect(404);
    await admin.put('/api/books/accounts/01/current').send(account).expect(204);
    const accounts = (await finance.get('/api/books/accounts').expect(200)).body;
    expect(accounts).toHaveLength(20);
    expect(accounts.find((a: { category: string; yearClass: string }) => a.category === '01' && a.yearClass === 'current')).toMatchObject({
      setsu: '現年課税分（普通徴収）',
      updatedBy: 'admin-test',
    });
    const { body } = await finance.get('/api/books/journal?date=2026-11-24').expect(200);
    expect(body.rows[0].account).toBe('一般会計 市税・市民税・個人・現年課税分（普通徴収）');
  });

  it('downloads the 収入日計表 as xlsx (title block, 和暦, yen format, frozen header), csv with a BOM and csv-sjis', async () => {
    const sheet = await sheetOf(await bytesOf(finance.get('/api/books/journal?date=2026-11-24&format=xlsx')));
    expect(sheet.getCell('A1').value).toBe('垂水市 (462144) 収入日計表');
    expect(String(sheet.getCell('A2').value)).toContain('令和8年11月24日');
    expect(String(sheet.getCell('A3').value)).toContain('finance-test');
    const view = sheet.views[0] as { state?: string; ySplit?: number };
    expect(view.state).toBe('frozen');
    const headerRow = view.ySplit!;
    const header = (sheet.getRow(headerRow).values as unknown[]).slice(1);
    expect(header).toEqual([
      '収入日',
      '収入日（和暦）',
      '会計年度',
      '科目コード',
      '科目',
      '歳入科目（会計 款・項・目・節）',
      '年度区分',
      '収納経路',
      '件数',
      '金額（円）',
    ]);
    const first = sheet.getRow(headerRow + 1);
    expect(first.getCell(1).value).toEqual(new Date('2026-11-24T00:00:00Z'));
    expect(first.getCell(2).value).toBe('令和8年11月24日');
    expect(first.getCell(10).value).toBe(10000);
    expect(first.getCell(10).numFmt).toBe('#,##0');
    expect(sheet.getRow(headerRow + 3).getCell(7).value).toBe('滞納繰越分');

    const csv = await bytesOf(finance.get('/api/books/journal?date=2026-11-24&format=csv'));
    expect(csv.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const sjis = await bytesOf(finance.get('/api/books/journal?month=2026-11&format=csv-sjis'));
    const text = iconv.decode(sjis, 'cp932');
    expect(text).toContain('月計表');
    expect(text).toContain('令和8年11月');
    expect(text).toContain('滞納繰越分');
    expect(text).toContain('年度累計');
    expect(text).toContain(',合計,');
  });

  it('downloads the 決算 and the exception list; a name a city typed is escaped against formula injection', async () => {
    const admin = await t.login('admin');
    await admin
      .put('/api/books/accounts/02/carried')
      .send({ ledger: '一般会計', kan: '市税', kou: '固定資産税', moku: '固定資産税', setsu: '=HYPERLINK("http://evil.example")' })
      .expect(204);
    const sheet = await sheetOf(await bytesOf(finance.get('/api/books/settlement?fiscalYear=2026&format=xlsx')));
    const texts: string[] = [];
    sheet.eachRow((row) => row.eachCell((cell) => texts.push(String(cell.value))));
    expect(texts.some((v) => v.includes('HYPERLINK'))).toBe(true);
    expect(texts.some((v) => v.startsWith('='))).toBe(false);
    expect(texts).toContain('一致');
    expect(String(sheet.getCell('A2').value)).toContain('令和8年度');

    const staff = await t.login('staff');
    const list = iconv.decode(await bytesOf(staff.get('/api/exceptions/export?format=csv-sjis')), 'cp932');
    expect(list).toContain('例外一覧');
    expect(list).toContain('二重納付');
    const cashless = iconv.decode(await bytesOf(finance.get('/api/reports/cashless?fiscalYear=2026&format=csv-sjis')), 'cp932');
    expect(cashless).toContain('キャッシュレス率');
    expect(cashless).toContain('令和8年度');
  });

  it('gives the 例月出納検査資料 of a month; with no statement imported, no account balance', async () => {
    const { body } = await finance.get('/api/books/inspection?month=2026-11').expect(200);
    expect(body.receiptsTotal).toEqual({ count: 4, amount: 33000 });
    expect(body.receipts).toEqual(
      expect.arrayContaining([expect.objectContaining({ category: '02', channel: 'bank_counter', count: 3, amount: 23000 })]),
    );
    expect(body.openExceptions.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['late_payment']));
    expect(body.missingPayouts).toEqual([]);
    expect(body.counterCashNotDeposited).toEqual([]);
    expect(body.balance).toEqual({
      receipts: 33000,
      refundsPaid: 0,
      netCollections: 33000,
      account: null,
      difference: null,
      steps: [],
      unexplained: null,
    });
  });

  it('reads 導入率 from the 手続台帳 beside 利用率, with the trend and a projection to 令和12年度末', async () => {
    const { body } = await finance.get('/api/books/adoption?fiscalYear=2026').expect(200);
    expect(body.proceduresTotal).toBe(20);
    expect(body.target).toBe(0.5);
    expect(body.adoptionShare).toBeCloseTo(body.proceduresAccepting / 20, 4);
    expect(body.gap).toBeCloseTo(0.5 - body.adoptionShare, 4);
    // F01 (税務証明手数料) takes QR payments from 2027-04-01: planned, so only the projection counts it.
    expect(body.projection.adoptionShare).toBeCloseTo((body.proceduresAccepting + 1) / 20, 4);
    expect(body.projection.method).toContain('最小二乗法');
    expect(body.trend.map((m: { month: string }) => m.month)).toEqual(['2026-11']);
    expect(body.trend[0].usageByCount).toBe(0);

    // The ledger is data: an admin adds the QR payment to 行政財産使用料 (audited), and 導入率 follows.
    const admin = await t.login('admin');
    const qr = {
      name: '行政財産使用料',
      channels: [
        { channel: 'bank_counter', since: '2000-04-01' },
        { channel: 'qr_counter', since: '2026-04-01' },
      ],
    };
    await finance.put('/api/books/procedures/F09').send(qr).expect(403);
    await admin
      .put('/api/books/procedures/F09')
      .send({ ...qr, channels: [...qr.channels, qr.channels[1]] })
      .expect(400);
    await admin.put('/api/books/procedures/F09').send(qr).expect(204);
    const after = (await finance.get('/api/books/adoption?fiscalYear=2026').expect(200)).body;
    expect(after.proceduresAccepting).toBe(body.proceduresAccepting + 1);
    expect(after.procedures.find((p: { code: string }) => p.code === 'F09')).toMatchObject({ cashlessSince: '2026-04-01' });
    const audit = (await (await t.login('auditor')).get('/api/audit?limit=1000').expect(200)).body.items;
    expect(audit).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'procedure.save', entityId: 'F09' })]));
  });
});
