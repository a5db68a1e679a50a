import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as iconv from 'iconv-lite';
import { BatchService } from '../../src/batch/batch.service';
import { Database } from '../../src/database/database';
import { ExportTargetsService } from '../../src/exports/export-targets.service';
import { ExportsService } from '../../src/exports/exports.service';
import { splitCsvLine } from '../../src/exports/result-layout';
import { CashlessReportService } from '../../src/reports/cashless-report.service';
import { startTestApp, TestApp } from '../support/test-app';

const SAMPLES = resolve(__dirname, '../../samples');
const TAX = ['01', '02', '03', '04'];
/** The sample year replayed in four nights' worth of inboxes, each followed by the batch's exports. */
const NIGHTS = ['2025-12-31', '2026-11-20', '2026-11-23', '9999-12-31'];

interface Row {
  run: number;
  seq: number;
  paymentId: number;
  kind: string;
  amount: number;
  state: string;
}

/** Copies the sample files whose name dates fall in (after, upTo] into a fresh inbox (the batch reads only regular files). */
function inboxOf(after: string, upTo: string): string {
  const inbox = mkdtempSync(join(tmpdir(), 'keshikomi-inbox-'));
  for (const format of readdirSync(SAMPLES, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const name of readdirSync(join(SAMPLES, format.name))) {
      const m = /(20\d{2})(\d{2})(\d{2})/.exec(name);
      if (!m) continue;
      const day = `${m[1]}-${m[2]}-${m[3]}`;
      if (day <= after || day > upTo) continue;
      mkdirSync(join(inbox, format.name), { recursive: true });
      copyFileSync(join(SAMPLES, format.name, name), join(inbox, format.name, name));
    }
  }
  return inbox;
}

/**
 * Issue #10's "done when", on the sample year: across all `tax` exports every payment of categories 01–04
 * appears exactly once as 確報 (after its 速報 where it had one), every cancellation once as 取消, and the
 * signed sum of 納付額 over 確報 and 取消 rows equals the yen received; a second --since-last run writes 0
 * rows; a re-send is byte-identical.
 */
describe('収納結果 on the sample year (tax: 01–04)', () => {
  let t: TestApp;
  let exports: ExportsService;
  let drop: string;
  const rows: Row[] = [];
  let db: Database;

  beforeAll(async () => {
    t = await startTestApp();
    exports = t.app.get(ExportsService);
    db = t.app.get(Database);
    drop = mkdtempSync(join(tmpdir(), 'keshikomi-drop-'));
    // A layout as data: two extra columns first; the contract's follow in its order.
    await t.app
      .get(ExportTargetsService)
      .set(
        { system: 'tax', name: '税務システム', categories: TAX, dir: join(drop, 'tax'), columns: ['eventId', 'paymentId'] },
        'admin-test',
      );
    await t.app
      .get(ExportTargetsService)
      .set({ system: 'kaigo', categories: ['05'], encoding: 'utf8', dir: join(drop, 'kaigo') }, 'admin-test');
    let after = '0000-00-00';
    for (const night of NIGHTS) {
      const inbox = inboxOf(after, night);
      const result = await t.app.get(BatchService).run(inbox, { receivedOn: '2026-11-26', datesFromNames: true });
      expect(result.exports.map((e) => e.system)).toEqual(['kaigo', 'tax']);
      rmSync(inbox, { recursive: true, force: true });
      after = night;
    }
    for (const run of (await exports.runs('tax')).reverse()) {
      const lines = iconv.decode(readFileSync(run.file_path!), 'cp932').split('\r\n').filter(Boolean).map(splitCsvLine);
      const [header, ...body] = lines;
      const col = (name: string) => header.indexOf(name);
      expect(body.at(-1)).toEqual(['合計', String(run.rows), String(run.amount)]);
      for (const cells of body.slice(0, -1)) {
        rows.push({
          run: run.id,
          seq: Number(cells[col('連番')]),
          paymentId: Number(cells[col('収納ID')]),
          kind: cells[col('区分')],
          amount: Number(cells[col('納付額')]),
          state: cells[col('消込状態')],
        });
      }
    }
  }, 600_000);
  afterAll(async () => {
    rmSync(drop, { recursive: true, force: true });
    await t.close();
  });

  it('wrote one file per night for tax, in its layout, each as recorded (rows, sum, sha256)', async () => {
    const runs = await exports.runs('tax');
    expect(runs).toHaveLength(NIGHTS.length);
    for (const run of runs) {
      const bytes = readFileSync(run.file_path!);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(run.sha256);
      expect(iconv.decode(bytes, 'cp932').split('\r\n')[0]).toBe(
        'イベント番号,収納ID,連番,納付番号,宛名番号,科目コード,賦課年度,期別,納付日,収入日,経路,納付額,消込額,区分,消込状態',
      );
    }
    expect(rows.length).toBeGreaterThan(30_000);
  });

  it('sends every payment of 01–04 known as final exactly once as 確報, after its 速報 where it had one', async () => {
    const payments: { id: number; has_final: boolean; state: string }[] = await db.dataSource.query(
      `SELECT p.id, p.has_final, p.state FROM payment p
         LEFT JOIN bill b ON b.municipality_code = p.municipality_code AND b.bill_number = p.bill_number
        WHERE coalesce(p.category_code, b.category_code) = ANY($1) ORDER BY p.id`,
      [TAX],
    );
    const position = (r: Row) => r.run * 1e7 + r.seq;
    const byPayment = new Map<number, Row[]>();
    for (const r of rows) byPayment.set(r.paymentId, [...(byPayment.get(r.paymentId) ?? []), r]);
    const problems: string[] = [];
    for (const p of payments) {
      const own = byPayment.get(p.id) ?? [];
      const finals = own.filter((r) => r.kind === '確報');
      if (finals.length !== (p.has_final ? 1 : 0)) problems.push(`#${p.id}: ${finals.length} 確報 rows`);
      const preliminary = own.filter((r) => r.kind === '速報');
      if (preliminary.length > 1) problems.push(`#${p.id}: ${preliminary.length} 速報 rows`);
      if (preliminary[0] && finals[0] && position(preliminary[0]) > position(finals[0])) problems.push(`#${p.id}: 確報 before 速報`);
      const cancels = own.filter((r) => r.kind === '取消');
      if (cancels.length !== (p.state === 'cancelled' ? 1 : 0)) problems.push(`#${p.id}: ${cancels.length} 取消 rows`);
      if (cancels.some((c) => c.amount >= 0 || c.state !== '取消')) problems.push(`#${p.id}: 取消 not negative`);
    }
    expect(problems.slice(0, 10)).toEqual([]);
    // Only payments of the system's categories, and each event once.
    expect(new Set(rows.map((r) => r.paymentId)).size).toBe(byPayment.size);
    const ids = new Set(payments.map((p) => p.id));
    expect([...byPayment.keys()].every((id) => ids.has(id))).toBe(true);
    expect(rows.filter((r) => r.kind === '確報').length).toBe(payments.filter((p) => p.has_final).length);
    expect(rows.filter((r) => r.kind === '取消').length).toBe(payments.filter((p) => p.state === 'cancelled').length);
    expect(rows.filter((r) => r.kind === '速報').length).toBeGreaterThan(1000);
  });

  it('adds up: 確報 and 取消 rows sum to the yen received (cashless report), but for 速報 not yet confirmed', async () => {
    const sum = (pick: (r: Row) => boolean) => rows.filter(pick).reduce((s, r) => s + r.amount, 0);
    const confirmed = new Set(rows.filter((r) => r.kind === '確報').map((r) => r.paymentId));
    const cancelled = new Set(rows.filter((r) => r.kind === '取消').map((r) => r.paymentId));
    const report = t.app.get(CashlessReportService);
    let received = 0;
    for (const fy of [2024, 2025, 2026, 2027]) {
      for (const row of (await report.report(fy, 'category')).rows) if (row.key && TAX.includes(row.key)) received += row.amount;
    }
    // Money the systems know only by its 速報 (its 確報 has not come), and 取消 of money never confirmed
    // (a 速報取消, or a 取消 whose original was never delivered): both outside the 確報 ledger.
    const awaitingFinal = sum((r) => r.kind === '速報' && !confirmed.has(r.paymentId) && !cancelled.has(r.paymentId));
    const cancelledUnconfirmed = -sum((r) => r.kind === '取消' && !confirmed.has(r.paymentId));
    expect(received).toBeGreaterThan(1_000_000_000);
    expect(sum((r) => r.kind === '確報' || r.kind === '取消')).toBe(received - awaitingFinal - cancelledUnconfirmed);
    // Where every 速報 has its 確報 and every 取消 reverses a 確報, that is the identity exactly; here
    // the 速報 awaiting theirs are the payments still preliminary (the last days of the samples).
    const [{ preliminary }] = await db.dataSource.query(
      `SELECT coalesce(sum(p.amount), 0)::bigint AS preliminary FROM payment p
         LEFT JOIN bill b ON b.municipality_code = p.municipality_code AND b.bill_number = p.bill_number
        WHERE coalesce(p.category_code, b.category_code) = ANY($1) AND p.state = 'preliminary'`,
      [TAX],
    );
    expect(awaitingFinal).toBe(preliminary);
    // The same from the payments themselves: final and not cancelled.
    const [{ final }] = await db.dataSource.query(
      `SELECT coalesce(sum(p.amount), 0)::bigint AS final FROM payment p
         LEFT JOIN bill b ON b.municipality_code = p.municipality_code AND b.bill_number = p.bill_number
        WHERE coalesce(p.category_code, b.category_code) = ANY($1) AND p.has_final AND p.state <> 'cancelled'`,
      [TAX],
    );
    expect(sum((r) => r.kind === '確報' || r.kind === '取消')).toBe(final - cancelledUnconfirmed);
  });

  it('writes 0 rows on a second --since-last run, and a re-send gives the same bytes', async () => {
    const again = await exports.results('tax', { actor: 'staff-test' });
    expect(again.rows).toBe(0);
    expect(iconv.decode(readFileSync(again.file!), 'cp932')).toBe(
      'イベント番号,収納ID,連番,納付番号,宛名番号,科目コード,賦課年度,期別,納付日,収入日,経路,納付額,消込額,区分,消込状態\r\n合計,0,0\r\n',
    );
    const [first] = (await exports.runs('tax')).slice(-1);
    const original = readFileSync(first.file_path!);
    rmSync(first.file_path!);
    const resent = await exports.resend(first.id, 'staff-test');
    expect(resent.content.equals(original)).toBe(true);
    expect(readFileSync(first.file_path!).equals(original)).toBe(true);
    expect(resent.sha256).toBe(first.sha256);
  });

  it('gives kaigo its own events: only category 05, in UTF-8 with BOM', async () => {
    const runs = await exports.runs('kaigo');
    expect(runs).toHaveLength(NIGHTS.length);
    const text = readFileSync(runs[runs.length - 1].file_path!, 'utf8');
    expect(text.startsWith('\ufeff連番,納付番号,')).toBe(true);
    const categories = new Set(
      runs.flatMap((run) =>
        readFileSync(run.file_path!, 'utf8')
          .split('\r\n')
          .slice(1, -2)
          .map((l) => splitCsvLine(l)[3]),
      ),
    );
    expect([...categories]).toEqual(['05']);
  });
});
