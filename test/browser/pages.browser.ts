import type { Locator, Page } from 'playwright-core';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchService } from '../../src/batch/batch.service';
import { describeBrowser, loadSamples, SAMPLES, openFromMenu, sampleFiles, screenshot, Session, useBrowserApp, VIEWPORT } from './support';

/** The planted 二重納付: one bill paid at a store and again by PayPay the same day. */
const DUPLICATE_BILL = '0226039000001058';
/** A day of the month with open exceptions and a file whose totals disagree. */
const DAY = '2026-11-12';

interface MenuPage {
  link: string;
  /** What the page shows once its data is in (and puts it in the state worth a screenshot). */
  show(page: Page): Promise<unknown>;
  screenshot?: string;
}

/** Every page of the menu, each with real data on screen. */
const MENU: MenuPage[] = [
  {
    link: '本日の消込',
    show: async (page) => {
      await page.getByLabel('対象日（納付日・受信日）').fill(DAY);
      await page.getByRole('link', { name: 'SYUNO_20261112.dat' }).waitFor();
      return page.getByRole('region', { name: '未処理の例外（全期間）' }).waitFor();
    },
    screenshot: '02-dashboard',
  },
  { link: '取込', show: (page) => page.getByRole('link', { name: 'SYUNO_20261125.dat' }).waitFor() },
  { link: '例外一覧', show: (page) => queueRowLinks(page).first().waitFor(), screenshot: '04-exceptions' },
  {
    link: '納付検索',
    show: async (page) => {
      await page.getByLabel('納付番号（16桁）').fill(DUPLICATE_BILL);
      await page.getByRole('button', { name: '検索', exact: true }).click();
      // Both payments of the bill: the store's and the PayPay one that made it a 二重納付.
      return page
        .getByRole('region', { name: /の納付（全チャネル）/ })
        .getByRole('row')
        .nth(2)
        .waitFor();
    },
    screenshot: '06-bill-search',
  },
  {
    link: 'キャッシュレス率',
    show: async (page) => {
      await page.getByLabel('会計年度').selectOption('2026');
      return page.getByRole('heading', { name: '科目別のキャッシュレス率' }).waitFor();
    },
  },
  {
    link: '日次締め',
    show: async (page) => {
      await page.getByLabel('営業日').fill(DAY);
      return page.getByRole('heading', { name: /締めを妨げる例外/ }).waitFor();
    },
    screenshot: '08-days',
  },
  {
    link: '帳票',
    show: async (page) => {
      await page.getByRole('combobox', { name: /^帳票/ }).selectOption('month');
      await page.getByRole('textbox', { name: '月', exact: true }).fill('2026-11');
      return page
        .getByRole('table', { name: /収入日 × 歳入科目/ })
        .getByRole('row')
        .nth(1)
        .waitFor();
    },
    screenshot: '09-books',
  },
  {
    link: '夜間取込',
    show: (page) => page.getByRole('heading', { name: /^#1 / }).waitFor(),
    screenshot: '10-batch-runs',
  },
];

/** The 種別 links of the exception queue's rows: a row's way in for keyboard users. */
function queueRowLinks(page: Page): Locator {
  return page.getByRole('table').getByRole('link');
}

// The two probes below run in the page as strings: the project compiles without the DOM library.
async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
}

async function focusedHref(page: Page): Promise<string | null> {
  return page.evaluate<string | null>('document.activeElement && document.activeElement.getAttribute("href")');
}

describeBrowser('the pages at the city PCs’ 1366×768', () => {
  const app = useBrowserApp(async (t) => {
    await t.user('staff', 'staff1');
    await t.user('admin', 'admin1');
    await loadSamples(t, [
      'bills/choutei_20261101.csv',
      'bills/choutei_20261120_update.csv',
      // November day by day: the main 収納代行's files, then the second one's.
      ...sampleFiles('konbini', 'SYUNO_202611'),
      'konbini-csv/DSK_20261124.csv',
    ]);
    // A nightly run to show: a file delivered again (duplicate) and one that cannot be read (failed/).
    const inbox = mkdtempSync(join(tmpdir(), 'keshikomi-pages-inbox-'));
    mkdirSync(join(inbox, 'konbini'));
    copyFileSync(join(SAMPLES, 'konbini', 'SYUNO_20261125.dat'), join(inbox, 'konbini', 'SYUNO_20261125.dat'));
    writeFileSync(join(inbox, 'konbini', 'SYUNO_20261126.dat'), 'not a konbini file\r\n');
    await t.app.get(BatchService).run(inbox, { receivedOn: '2026-11-26', archive: true });
    rmSync(inbox, { recursive: true, force: true });
  });

  async function loggedIn(): Promise<Session> {
    const s = await app.open();
    await s.login('staff1');
    return s;
  }

  it('shows every page of the menu, and a case, with their data and without a horizontal scrollbar', async () => {
    const { page } = await loggedIn();
    const overflowing: string[] = [];
    const measure = async (name: string) => {
      const overflow = await horizontalOverflow(page);
      if (overflow > 0) overflowing.push(`${name}: ${overflow}px wider than ${VIEWPORT.width}`);
    };
    for (const item of MENU) {
      await openFromMenu(page, item.link);
      await item.show(page);
      await measure(item.link);
      if (item.screenshot) await screenshot(page, item.screenshot);
    }
    // A case, where staff spend most of their time: the evidence card beside comments, tables of payments.
    await openFromMenu(page, '例外一覧');
    await queueRowLinks(page).filter({ hasText: '二重納付' }).click();
    await page.getByRole('region', { name: '根拠カード' }).waitFor();
    await measure('例外詳細');
    expect(overflowing).toEqual([]);
  });

  it('lets an admin set a 歳入科目 on the 帳票 page, and shows it in the list', async () => {
    const s = await app.open();
    await s.login('admin1');
    const { page } = s;
    await openFromMenu(page, '帳票');
    const accounts = page.getByRole('region', { name: /歳入科目/ });
    await accounts.getByRole('button', { name: '編集' }).first().click();
    await accounts.getByLabel('節').fill('現年課税分（普通徴収）');
    await accounts.getByRole('button', { name: '保存' }).click();
    await accounts.getByRole('cell', { name: '一般会計 市税・市民税・個人・現年課税分（普通徴収）' }).waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  });

  it('shows the 例月出納検査資料 with its deposit sections, and says so when no statement is imported', async () => {
    const { page } = await loggedIn();
    await openFromMenu(page, '帳票');
    await page.getByRole('combobox', { name: /^帳票/ }).selectOption('inspection');
    await page.getByRole('textbox', { name: '月', exact: true }).fill('2026-11');
    await page.getByRole('heading', { name: '指定金融機関口座の月末残高と収入純額' }).waitFor();
    await page.getByText('未着・不足の払込（入金照合）: ありません').waitFor();
    await page.getByText('この月の入出金取引明細（zengin-deposit）が取り込まれていません').waitFor();
    expect(await page.getByText(/^収入純額 [\d,]+円/).count()).toBe(1);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  });

  it('lets a keyboard user reach every row of the exception queue and open one', async () => {
    const { page } = await loggedIn();
    await openFromMenu(page, '例外一覧');
    await queueRowLinks(page).first().waitFor();
    const rows: (string | null)[] = [];
    for (const link of await queueRowLinks(page).all()) rows.push(await link.getAttribute('href'));
    expect(rows.length).toBeGreaterThan(10);

    // Tab from the top of the page (where navigation put the focus) through the filters to the table.
    const reached: string[] = [];
    for (let presses = 0; reached.length < rows.length && presses < rows.length * 2 + 40; presses++) {
      await page.keyboard.press('Tab');
      const href = await focusedHref(page);
      if (href && rows.includes(href) && !reached.includes(href)) reached.push(href);
    }
    expect(reached).toEqual(rows);

    await page.keyboard.press('Enter');
    const id = rows[rows.length - 1]?.split('/').pop();
    await page.getByRole('heading', { level: 1, name: new RegExp(`^例外 #${id}：`) }).waitFor();
  });
});
