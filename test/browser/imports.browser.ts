import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { billNumber, konbiniFile } from '../support/files';
import { describeBrowser, openFromMenu, useBrowserApp } from './support';

const FILE = 'SYUNO_20261120.dat';
const A = billNumber('02', 2026, '03', 7101);

/** A konbini file of one payment and 150 lines whose 収納日 is 2026-02-30: 150 rejected lines to page through. */
function fileWithRejectedLines(): Buffer {
  const lines = konbiniFile('2026-11-20', [{ type: '01', bill: A, amount: 100, paidOn: '2026-11-20' }])
    .toString('latin1')
    .split('\r\n');
  const at = (i: number) => `${String(8 + Math.floor(i / 60)).padStart(2, '0')}${String(i % 60).padStart(2, '0')}`;
  lines.splice(2, 0, ...Array.from({ length: 150 }, (_, i) => '2' + '01' + '20260230' + at(i) + '0'.repeat(105)));
  return Buffer.from(lines.join('\r\n'), 'latin1');
}

/** The rows of the rejected-lines table: its line numbers. */
async function rejectedLineNumbers(page: Page): Promise<number[]> {
  const table = page.getByRole('region', { name: '不正行' }).getByRole('table');
  await table.waitFor();
  return (await table.locator('tbody tr td:first-child').allInnerTexts()).map(Number);
}

/**
 * 取込 (issue #6, #7): an upload is held, its uploader cannot release it, another manager can release or reject
 * it with a reason; thousands of rejected lines are paged by the server, a hundred at a time.
 */
describeBrowser('取込: held uploads and their rejected lines', () => {
  const app = useBrowserApp(async (t) => {
    await Promise.all([t.user('manager', 'manager1'), t.user('manager', 'manager2')]);
  });
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'keshikomi-browser-imports-'));
    writeFileSync(join(dir, FILE), fileWithRejectedLines());
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("holds a manager's upload, shows its rejected lines in pages, and lets only another manager reject it", async () => {
    const uploader = await app.open();
    await uploader.login('manager1');
    await openFromMenu(uploader.page, '取込');
    const form = uploader.page.getByRole('region', { name: 'ファイルを取り込む' });
    await form.getByLabel('ファイル（複数選択できます）').setInputFiles(join(dir, FILE));
    await form.getByLabel('形式').selectOption({ label: '自動判定' });
    await form.getByRole('button', { name: '取り込む' }).click();
    const result = uploader.page.getByRole('region', { name: '取込結果' });
    await result.getByRole('status').getByText('1件のファイルを処理しました（取込 0、保留 1、重複 0、失敗 0）。').waitFor();
    await result.getByText('151件（取込 1、不正 150）').first().waitFor();

    // The uploader, although a manager, is told to wait for another one: no release, no reject.
    await result.getByText(/持ち込んだ本人以外の会計課長が内容を確認して解除するまで/).waitFor();
    expect(await uploader.page.getByRole('button', { name: '保留を解除して取り込む' }).count()).toBe(0);
    expect(await rejectedLineNumbers(uploader.page)).toEqual(Array.from({ length: 100 }, (_, i) => i + 3));
    await uploader.page.getByRole('navigation', { name: '不正行のページ' }).getByRole('button', { name: '次へ' }).click();
    await uploader.page.getByRole('navigation', { name: '不正行のページ' }).getByText('2ページ目').waitFor();
    // The label changes before the page's rows arrive: wait for page 2's first line.
    await uploader.page.getByRole('region', { name: '不正行' }).getByRole('cell', { name: '103', exact: true }).waitFor();
    expect(await rejectedLineNumbers(uploader.page)).toEqual(Array.from({ length: 50 }, (_, i) => i + 103));

    const reviewer = await app.open();
    await reviewer.login('manager2');
    await openFromMenu(reviewer.page, '取込');
    await reviewer.page
      .getByRole('region', { name: /取込保留（1件/ })
      .getByRole('link', { name: new RegExp(FILE) })
      .click();
    const review = reviewer.page.getByRole('region', { name: '取込保留の確認' });
    await review.getByText('manager1 さんが持ち込んだファイルです').waitFor();
    await review.getByLabel('解除・差戻しの理由（必須）').fill('収納日の誤った行が150行: 収納代行に再送を依頼');
    await review.getByRole('button', { name: '差し戻す' }).click();
    await reviewer.page
      .getByRole('status')
      .getByText(/を差し戻しました。同じファイルは改めて取り込めます。/)
      .waitFor();
    await reviewer.page.getByText('差し戻した人').waitFor();
    await reviewer.page.getByRole('region', { name: '取込履歴' }).getByRole('row').filter({ hasText: FILE }).getByText('差戻し').waitFor();
  });
});
