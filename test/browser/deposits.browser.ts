import type { Page } from 'playwright-core';
import { PayoutSourcesService } from '../../src/deposits/payout-sources.service';
import { billNumber, billsCsv, konbiniFile } from '../support/files';
import { statementOf } from '../support/statement-files';
import { describeBrowser, openFromMenu, screenshot, useBrowserApp } from './support';

const A = billNumber('02', 2026, '03', 9101);
const B = billNumber('02', 2026, '03', 9102);

/**
 * 入金照合 (README walkthrough): the 収納代行's payout of 11-26 arrives 330円 short of what its 確報 less fees
 * promise. Staff find it from the dashboard tile, see the payments behind it on the 入金照合 screen, and propose to
 * accept the difference as a fee; another manager approves (four-eyes) and the case is closed.
 */
describeBrowser('入金照合: a short payout found and resolved', () => {
  const app = useBrowserApp(async (t) => {
    await Promise.all([t.user('staff', 'staff1'), t.user('manager', 'manager1')]);
    await t.app
      .get(PayoutSourcesService)
      .set({ format: 'konbini', provider: '12345', payerName: 'ｶ)ｷﾕｳｼﾕｳｼﾕｳﾉｳﾀﾞｲｺｳ', fees: 'net', feePerItem: 55, feeRate: 0.5 }, 'admin');
    await t.intake('bills', {
      'bills.csv': billsCsv([
        { number: A, amount: 12000, due: '2026-11-30' },
        { number: B, amount: 8000, due: '2026-11-30' },
      ]),
    });
    await t.intake('konbini', {
      'SYUNO_20261126.dat': konbiniFile('2026-11-26', [
        { type: '02', bill: A, amount: 12000, paidOn: '2026-11-24' },
        { type: '02', bill: B, amount: 8000, paidOn: '2026-11-24', time: '1100' },
      ]),
    });
    // Expected 20,000 − (2 × 55 + 100) = 19,790円; 19,460円 arrives.
    await t.intake('zengin-deposit', {
      'NYUSHUKKIN_20261130.dat': statementOf('2026-11-25', '2026-11-30', [
        { bookedOn: '2026-11-26', direction: 'credit', transactionCode: '11', amount: 19_460, payerName: 'ｷﾕｳｼﾕｳｼﾕｳﾉｳﾀﾞｲｺｳ(ｶ' },
      ]),
    });
  });

  it('leads from the dashboard tile to the payout and its payments, and a fee difference is accepted by a second manager', async () => {
    const staff = await app.open();
    const page = staff.page;
    await staff.login('staff1');
    const tile = page.getByRole('region', { name: '入金照合' });
    await tile.getByText('金額相違 1件 差額 330円').waitFor();
    await tile.getByRole('link', { name: '入金照合を開く' }).click();

    await page.getByRole('heading', { level: 1, name: '入金照合' }).waitFor();
    await page.getByRole('button', { name: 'コンビニ収納（固定長） 12345 2026-11-26 金額相違' }).click();
    const detail = page.getByRole('region', { name: /収入日/ });
    await detail.getByText('19,790円（2件 20,000円 − 手数料 210円）').waitFor();
    await detail.getByText('-330円').waitFor();
    await detail.getByRole('heading', { name: '内訳（2件）' }).waitFor();
    await detail.getByRole('link', { name: A }).waitFor();
    await screenshot(page, '09-deposits');

    await detail.getByRole('link', { name: 'この入金の例外を開く' }).click();
    await page.getByRole('heading', { level: 1, name: '例外一覧' }).waitFor();
    await page.getByRole('link', { name: '入金額相違（確報合計−手数料と不一致）', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: /^例外 #\d+：入金額相違/ }).waitFor();
    const detailPath = new URL(page.url()).pathname;
    await page.getByRole('link', { name: '入金照合でこの月の入金を見る' }).waitFor();
    await page.getByRole('button', { name: '手数料差額として承認を提案…' }).click();
    const dialog = page.getByRole('dialog', { name: /処理の登録/ });
    await dialog.getByLabel(/理由/).fill('振込手数料330円の差引と収納代行の支払通知書で確認');
    await dialog.getByRole('button', { name: '「手数料差額として承認」を提案する' }).click();
    await page
      .getByRole('status')
      .getByText(/「手数料差額として承認」を提案しました/)
      .waitFor();

    const manager = await app.open();
    await manager.login('manager1');
    await manager.goto(detailPath);
    const approval = manager.page.getByRole('region', { name: '処理', exact: true });
    await approval.getByLabel('承認・差戻し・取下げの理由（必須）').fill('支払通知書を確認');
    await approval.getByRole('button', { name: '承認する' }).click();
    await manager.page
      .getByRole('status')
      .getByText(/を承認しました。処理が反映され、例外は「解決済」になりました。/)
      .waitFor();

    await openFromMenu(page, '本日の消込');
    await page.getByRole('region', { name: '入金照合' }).getByText('金額相違 1件 差額 330円').waitFor();
    await openFromMenu(page, '入金照合');
    await page.getByRole('heading', { name: '確認が必要な入金（1件）' }).waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
  });

  it('lets an admin set a payout source on the 入金元 screen', async () => {
    await app.t.user('admin', 'admin1');
    const admin = await app.open();
    await admin.login('admin1');
    const page = admin.page;
    await openFromMenu(page, '入金元');
    const list = page.getByRole('region', { name: /設定済みの入金元/ });
    await list.getByRole('row').filter({ hasText: 'ｶ)ｷﾕｳｼﾕｳｼﾕｳﾉｳﾀﾞｲｺｳ' }).getByRole('button', { name: '編集' }).click();
    const form = page.getByRole('region', { name: '入金元を設定する' });
    await form.getByLabel('1件当たり手数料（円）').fill('60');
    await form.getByRole('button', { name: '保存する' }).click();
    await form.getByRole('status').getByText('コンビニ収納（固定長） 12345 を保存しました').waitFor();
    await list.getByRole('row').filter({ hasText: '60円/件' }).waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
  });
});

/** How much wider than the window the page is (0: no horizontal scrollbar at 1366×768). */
async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
}
