import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as iconv from 'iconv-lite';
import { todayInTokyo } from '../../src/common/calendar';
import { Database } from '../../src/database/database';
import { ExportTargetsService } from '../../src/exports/export-targets.service';
import { ExportsService } from '../../src/exports/exports.service';
import { splitCsvLine } from '../../src/exports/result-layout';
import { billNumber, billsCsv, konbiniFile } from '../support/files';
import { startTestApp, TestApp } from '../support/test-app';

const PAID = billNumber('02', 2026, '03', 7001);
const CANCELLED = billNumber('01', 2026, '03', 7002);
const OTHER_SYSTEM = billNumber('05', 2026, '03', 7003);
const UNPAID = billNumber('02', 2026, '03', 7004);

/**
 * 督促抑止リスト (issue #10): a bill paid by 速報 is on the system's list from the day the 速報 is imported
 * until its 確報 has been exported to that system; a cancelled payment leaves the list.
 */
describe('督促抑止リスト (dunning hold)', () => {
  let t: TestApp;
  let exports: ExportsService;
  let dir: string;
  const held = async (asOf: string, system = 'tax') =>
    (await exports.dunningHold(system, asOf)).rows.map((r) => [r.bill_number, r.known_as]);

  beforeAll(async () => {
    t = await startTestApp();
    exports = t.app.get(ExportsService);
    dir = mkdtempSync(join(tmpdir(), 'keshikomi-dunning-'));
    await t.app
      .get(ExportTargetsService)
      .set({ system: 'tax', name: '税務システム', categories: ['01', '02', '03', '04'], dir }, 'admin-test');
    await t.app.get(ExportTargetsService).set({ system: 'kaigo', categories: ['05'], encoding: 'utf8' }, 'admin-test');
    await t.intake('bills', {
      'bills.csv': billsCsv([PAID, CANCELLED, OTHER_SYSTEM, UNPAID].map((number) => ({ number, amount: 8000, due: '2026-11-30' }))),
    });
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  it('lists a bill from the day its 速報 is imported, for the systems of its category only', async () => {
    await t.intake(
      'konbini',
      {
        'S1.dat': konbiniFile('2026-11-20', [
          { type: '01', bill: PAID, amount: 8000, paidOn: '2026-11-20' },
          { type: '01', bill: CANCELLED, amount: 8000, paidOn: '2026-11-20' },
          { type: '01', bill: OTHER_SYSTEM, amount: 8000, paidOn: '2026-11-20' },
        ]),
      },
      '2026-11-20',
    );
    expect(await held('2026-11-19')).toEqual([]);
    expect(await held('2026-11-20')).toEqual([
      [CANCELLED, 'preliminary'],
      [PAID, 'preliminary'],
    ]);
    expect(await held('2026-11-20', 'kaigo')).toEqual([[OTHER_SYSTEM, 'preliminary']]);
  });

  it('drops a cancelled payment from the day its 取消 is imported', async () => {
    await t.intake(
      'konbini',
      { 'S2.dat': konbiniFile('2026-11-21', [{ type: '03', bill: CANCELLED, amount: 8000, paidOn: '2026-11-20' }]) },
      '2026-11-21',
    );
    expect(await held('2026-11-20')).toEqual([
      [CANCELLED, 'preliminary'],
      [PAID, 'preliminary'],
    ]);
    expect(await held('2026-11-21')).toEqual([[PAID, 'preliminary']]);
  });

  it('keeps the bill while its 確報 has come but not been sent, and drops it once exported to that system', async () => {
    await t.intake(
      'konbini',
      { 'K1.dat': konbiniFile('2026-11-26', [{ type: '02', bill: PAID, amount: 8000, paidOn: '2026-11-20' }]) },
      '2026-11-26',
    );
    const today = todayInTokyo();
    expect(await held(today)).toEqual([[PAID, 'final']]);

    const run = await exports.results('tax', { actor: 'staff-test' });
    // The run sent 速報 and 取消 of CANCELLED, 速報 and 確報 of PAID, in the order recorded.
    const lines = iconv.decode(readFileSync(run.file!), 'cp932').split('\r\n').filter(Boolean).map(splitCsvLine);
    expect(lines[0]).toEqual([
      '連番',
      '納付番号',
      '宛名番号',
      '科目コード',
      '賦課年度',
      '期別',
      '納付日',
      '収入日',
      '経路',
      '納付額',
      '消込額',
      '区分',
      '消込状態',
    ]);
    expect(lines.slice(1, -1).map((l) => [l[1], l[9], l[11], l[12]])).toEqual([
      [PAID, '8000', '速報', '消込済'],
      [CANCELLED, '8000', '速報', '取消'],
      [CANCELLED, '-8000', '取消', '取消'],
      [PAID, '8000', '確報', '消込済'],
    ]);
    // The sum is of every row's 納付額: 速報 and 確報 alike, the 取消 negative.
    expect(lines.at(-1)).toEqual(['合計', '4', '16000']);

    expect(await held(today)).toEqual([]);
    // Still on the list as of a day before the export: the 督促 run of that day had to skip it.
    expect(await held('2026-11-26')).toEqual([[PAID, 'final']]);
    // Another system's list is its own.
    expect(await held(today, 'kaigo')).toEqual([[OTHER_SYSTEM, 'preliminary']]);
  });

  it('never sends an event twice to a system, and keeps the event log append-only', async () => {
    expect((await exports.results('tax', { actor: 'staff-test' })).rows).toBe(0);
    const [{ n }] = await t.app
      .get(Database)
      .dataSource.query(
        `SELECT count(*)::int AS n FROM export_run_event x JOIN export_target t ON t.id = x.target_id WHERE t.system = 'tax'`,
      );
    expect(n).toBe(4);
    await expect(
      t.app.get(Database).dataSource.query(`UPDATE payment_event SET amount = 0 WHERE id = (SELECT min(id) FROM payment_event)`),
    ).rejects.toMatchObject({ code: '23001' });
  });
});
