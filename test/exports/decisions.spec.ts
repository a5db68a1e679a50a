import { Database } from '../../src/database/database';
import { ExceptionsService } from '../../src/exceptions/exceptions.service';
import { ImportService } from '../../src/imports/import.service';
import { IntakeService } from '../../src/imports/intake.service';
import { ResolutionsService } from '../../src/exceptions/resolutions/resolutions.service';
import { ExportTargetsService } from '../../src/exports/export-targets.service';
import { ExportsService } from '../../src/exports/exports.service';
import { readResultFile } from '../../src/exports/result-layout';
import { billNumber, billsCsv, konbiniFile } from '../support/files';
import { startTestApp, TestApp } from '../support/test-app';

const A = billNumber('02', 2026, '03', 8001);
const B = billNumber('05', 2026, '04', 8002); // the same payer's 介護保険料: where the duplicate goes (充当)
const SHORT = billNumber('01', 2026, '03', 8003);
const LATE_BILL = billNumber('03', 2026, '03', 8004); // its bill arrives after the payment
const staff = { loginName: 'staff1', role: 'staff' };
const manager = { loginName: 'manager1', role: 'manager' };

/**
 * Issue #10 "what a person decided travels too": a decision taking effect (充当, 還付, 分納) and matching
 * re-deciding a payment (its bill arrived) reach the next export as 処理 rows with their own 消込状態.
 */
describe('decisions in 収納結果', () => {
  let t: TestApp;
  let exports: ExportsService;
  const exportRows = async (system = 'tax') => {
    const run = await exports.results(system, { actor: 'staff-test' });
    const file = await exports.runFile(run.run, 'csv', 'staff-test');
    return readResultFile(file.body, 'cp932').rows.map((r) => (r[0] === '合計' ? r : [r[1], r[9], r[11], r[12]]));
  };
  const exceptionOf = async (type: string) => (await t.app.get(ExceptionsService).all({ type: type as never }))[0];

  beforeAll(async () => {
    t = await startTestApp();
    exports = t.app.get(ExportsService);
    await t.user('staff', 'staff1');
    await t.app.get(ExportTargetsService).set({ system: 'tax', categories: ['01', '02', '03', '04'] }, 'admin-test');
    await t.app.get(ExportTargetsService).set({ system: 'kaigo', categories: ['05'] }, 'admin-test');
    await t.intake('bills', {
      'bills.csv': billsCsv([
        { number: A, amount: 10000, due: '2026-11-30', payer: '0000000042' },
        { number: B, amount: 10000, due: '2026-12-25', payer: '0000000042' },
        { number: SHORT, amount: 5000, due: '2026-11-30', payer: '0000000043' },
      ]),
    });
    await t.intake('konbini', {
      'K.dat': konbiniFile('2026-11-20', [
        { type: '02', bill: A, amount: 10000, paidOn: '2026-11-20', time: '0900' },
        { type: '02', bill: A, amount: 10000, paidOn: '2026-11-20', time: '1200', cvs: '820' },
        { type: '02', bill: SHORT, amount: 4000, paidOn: '2026-11-20' },
        { type: '02', bill: LATE_BILL, amount: 3000, paidOn: '2026-11-20' },
      ]),
    });
  });
  afterAll(() => t.close());

  it('sends each 確報 with the state matching gave it', async () => {
    expect(await exportRows()).toEqual([
      [A, 10000, '確報', '消込済'],
      [A, 10000, '確報', '二重納付'],
      [SHORT, 4000, '確報', '一部消込'],
      [LATE_BILL, 3000, '確報', '未消込'],
      ['合計', 4, 27000],
    ]);
  });

  it("sends 充当 (to both bills' systems) and 分納 as 処理 rows once they take effect, and nothing while a proposal waits", async () => {
    const resolutions = t.app.get(ResolutionsService);
    const dup = await exceptionOf('duplicate_payment');
    const [{ id: nextBill }]: { id: number }[] = await t.app
      .get(Database)
      .dataSource.query(`SELECT id FROM bill WHERE bill_number = $1`, [B]);
    const proposal = await resolutions.resolve(dup.id, { action: 'apply_to_bill', billId: nextBill, reason: '次期分へ充当' }, staff);
    const short = await exceptionOf('amount_short');
    const installment = await resolutions.resolve(short.id, { action: 'accept_installment', reason: '分納誓約あり' }, staff);
    expect(installment.status).toBe('applied');
    expect(await exportRows()).toEqual([
      [SHORT, 4000, '処理', '分納'],
      ['合計', 1, 4000],
    ]);
    expect(await exportRows('kaigo')).toEqual([['合計', 0, 0]]);
    await resolutions.approve(proposal.resolutionId, manager, '確認しました');
    expect(await exportRows()).toEqual([
      [A, 10000, '処理', '充当'],
      ['合計', 1, 10000],
    ]);
    // The bill the money went to is the 介護 system's: it hears of it, as its own bill.
    expect(await exportRows('kaigo')).toEqual([
      [B, 10000, '処理', '充当'],
      ['合計', 1, 10000],
    ]);
  });

  it('sends a write-off of the small rest as 消込済', async () => {
    const rest = billNumber('01', 2026, '04', 8006);
    await t.intake('bills', { 'b3.csv': billsCsv([{ number: rest, amount: 5000, due: '2026-11-30', payer: '0000000046' }]) });
    await t.intake('konbini', { 'K3.dat': konbiniFile('2026-11-22', [{ type: '02', bill: rest, amount: 4500, paidOn: '2026-11-20' }]) });
    expect(await exportRows()).toEqual([
      [rest, 4500, '確報', '一部消込'],
      ['合計', 1, 4500],
    ]);
    const short = (await t.app.get(ExceptionsService).all({ type: 'amount_short' as never })).find((e) => e.billNumber === rest)!;
    const writeOff = await t.app.get(ResolutionsService).resolve(short.id, { action: 'write_off', reason: '端数' }, staff);
    expect(writeOff.status).toBe('proposed');
    expect(await exportRows()).toEqual([['合計', 0, 0]]);
    await t.app.get(ResolutionsService).approve(writeOff.resolutionId, manager, '確認');
    expect(await exportRows()).toEqual([
      [rest, 4500, '処理', '消込済'],
      ['合計', 1, 4500],
    ]);
  });

  it('holds back the events of a file matching has not yet run over, and sends them once it has', async () => {
    const late = billNumber('02', 2026, '05', 8005);
    await t.intake('bills', { 'b2.csv': billsCsv([{ number: late, amount: 2000, due: '2026-11-30', payer: '0000000045' }]) });
    // Imported the way a killed run leaves it: loaded, not matched.
    await t.app
      .get(ImportService)
      .importFile(
        { fileName: 'K2.dat', bytes: konbiniFile('2026-11-21', [{ type: '02', bill: late, amount: 2000, paidOn: '2026-11-21' }]) },
        { format: 'konbini', receivedOn: '2026-11-21', actor: 'test', arrivedVia: 'cli' },
      );
    expect(await exportRows()).toEqual([['合計', 0, 0]]);
    await t.app.get(IntakeService).match('test');
    expect(await exportRows()).toEqual([
      [late, 2000, '確報', '消込済'],
      ['合計', 1, 2000],
    ]);
  });

  it('sends a payment matching re-decided when its bill arrived', async () => {
    await t.intake('bills', { 'late.csv': billsCsv([{ number: LATE_BILL, amount: 3000, due: '2026-11-30', payer: '0000000044' }]) });
    expect(await exportRows()).toEqual([
      [LATE_BILL, 3000, '処理', '消込済'],
      ['合計', 1, 3000],
    ]);
  });
});
