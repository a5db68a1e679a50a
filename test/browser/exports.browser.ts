import { readFileSync } from 'node:fs';
import * as iconv from 'iconv-lite';
import { ExportTargetsService } from '../../src/exports/export-targets.service';
import { describeBrowser, loadSamples, openFromMenu, screenshot, Session, useBrowserApp } from './support';

/**
 * 連携出力 (issue #10): the dashboard warns that a system has not been sent the night's import; staff export
 * now, download the file as CSV (the bytes sent) and Excel, re-send it; the 口座振替不能 screen marks a
 * failed debit followed up.
 */
describeBrowser('連携出力 and 口座振替不能 screens', () => {
  const app = useBrowserApp(async (t) => {
    await t.user('staff', 'staff1');
    await t.app.get(ExportTargetsService).set({ system: 'tax', name: '税務システム', categories: ['01', '02', '03', '04'] }, 'admin-test');
    await loadSamples(t, [
      'bills/choutei_20261101.csv',
      'konbini/SYUNO_20261102.dat',
      'konbini/SYUNO_20261104.dat',
      'zengin-furikae/FURIKAE_20260507.dat',
    ]);
  });

  async function loggedIn(): Promise<Session> {
    const s = await app.open();
    await s.login('staff1');
    return s;
  }

  const overflow = (s: Session) => s.page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');

  it('warns on the dashboard, exports now, downloads the CSV and the Excel, and re-sends the same bytes', async () => {
    const s = await loggedIn();
    const { page } = s;
    await page.getByText('連携出力が取込後に実行されていません').waitFor();
    await page.getByRole('link', { name: '連携出力へ' }).click();
    await page.getByRole('heading', { level: 1, name: '連携出力' }).waitFor();
    await page.getByText('取込後 未出力').waitFor();

    await page.getByRole('button', { name: '今すぐ出力', exact: true }).click();
    await page.getByText(/tax: [\d,]+件 .*を出力しました/).waitFor();
    await page.getByText('送信済').waitFor();
    expect(await overflow(s)).toBeLessThanOrEqual(0);
    await screenshot(page, '09-exports');

    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '#1 のCSV' }).click()]);
    const bytes = readFileSync((await csv.path())!);
    const lines = iconv.decode(bytes, 'cp932').split('\r\n');
    expect(lines[0]).toBe('連番,納付番号,宛名番号,科目コード,賦課年度,期別,納付日,収入日,経路,納付額,消込額,区分,消込状態');
    expect(lines.at(-2)).toMatch(/^合計,\d+,\d+$/);

    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '#1 のExcel' }).click()]);
    expect(xlsx.suggestedFilename()).toMatch(/^tax_\d{8}_000001\.xlsx$/);
    expect(
      readFileSync((await xlsx.path())!)
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');

    await page.getByRole('button', { name: '#1 を再送' }).click();
    await page.getByText(/#1 を再送しました/).waitFor();

    // Back on the dashboard the warning is gone: nothing imported is left unsent.
    await openFromMenu(page, '本日の消込');
    await page.getByRole('heading', { level: 1, name: '本日の消込' }).waitFor();
    await page.getByRole('region', { name: 'この日の取込ファイル' }).waitFor();
    expect(await page.getByText('連携出力が取込後に実行されていません').count()).toBe(0);
  });

  it('lists the failed debits with their 振替結果 and marks one followed up', async () => {
    const s = await loggedIn();
    const { page } = s;
    await openFromMenu(page, '口座振替不能');
    await page.getByLabel('引落日（から）').fill('2026-04-01');
    const rows = page.getByRole('table').getByRole('row');
    await rows.nth(1).waitFor();
    expect(await rows.count()).toBeGreaterThan(1);
    const first = rows.nth(1);
    await first.getByRole('textbox').fill('再振替を依頼');
    await first.getByRole('button', { name: '対応済みにする' }).click();
    await page.getByText('再振替を依頼').first().waitFor();
    await page.getByText('対応済', { exact: true }).first().waitFor();
    expect(await overflow(s)).toBeLessThanOrEqual(0);
  });
});
