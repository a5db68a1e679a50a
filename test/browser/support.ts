import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Locator, Page } from 'playwright-core';
import type { FormatCode } from '../../src/common/codes';
import { startTestApp, TEST_PASSWORD, TestApp } from '../support/test-app';
import { BROWSER_REQUIRED, chromiumInstalled, CHROMIUM_MISSING, CHROMIUM_PATH, WEB_DIR_ENV } from './chromium';

const ROOT = join(__dirname, '..', '..');
export const SAMPLES = join(ROOT, 'samples');
const SCREENS = join(ROOT, 'docs', 'screens');

/** The screen the city's PCs have: every page must fit its width. */
export const VIEWPORT = { width: 1366, height: 768 };

/**
 * describe() for browser tests: skipped without chromium (global-setup says so once),
 * or one failing test naming what is missing when KESHIKOMI_REQUIRE_BROWSER=1.
 */
export function describeBrowser(name: string, tests: () => void): void {
  if (chromiumInstalled()) describe(name, tests);
  else if (BROWSER_REQUIRED)
    describe(name, () =>
      it('needs chromium', () => {
        throw new Error(CHROMIUM_MISSING);
      }),
    );
  else describe.skip(name, tests);
}

/** The sample files of one folder whose names start with `prefix`, in date order: `konbini/SYUNO_20261102.dat`, … */
export function sampleFiles(folder: string, prefix: string): string[] {
  return readdirSync(join(SAMPLES, folder))
    .filter((name) => name.startsWith(prefix))
    .sort()
    .map((name) => `${folder}/${name}`);
}

/** Imports sample files (`konbini/SYUNO_20261112.dat`), each received on the date in its name, as the sample loader does. */
export async function loadSamples(t: TestApp, paths: string[]): Promise<void> {
  for (const path of paths) {
    const [format, name] = path.split('/');
    await t.intake(format as FormatCode, { [name]: readFileSync(join(SAMPLES, path)) }, receivedOnOf(name));
  }
}

function receivedOnOf(fileName: string): string {
  const ymd = /(\d{4})(\d{2})(\d{2})/.exec(fileName);
  if (!ymd) throw new Error(`no YYYYMMDD in ${fileName}`);
  return `${ymd[1]}-${ymd[2]}-${ymd[3]}`;
}

/** Writes docs/screens/<name>.png of the whole page, only when UPDATE_SCREENSHOTS=1. */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.UPDATE_SCREENSHOTS !== '1') return;
  mkdirSync(SCREENS, { recursive: true });
  // The field a test just typed into would show a focus ring no reader of the docs put there.
  await page.evaluate('document.activeElement instanceof HTMLInputElement && document.activeElement.blur()');
  await page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true, animations: 'disabled', caret: 'hide' });
}

export function menuLink(page: Page, name: string): Locator {
  return page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name, exact: true });
}

/**
 * Opens a page from the menu and waits until it replaced the previous one (each page's h1 is its menu
 * name): React Router renders navigations in a transition, so the old page lingers for a moment.
 */
export async function openFromMenu(page: Page, name: string): Promise<void> {
  await menuLink(page, name).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

/** The focused element as assistive technology names it: `textbox "ログインID"`, `link "二重納付"`. */
export async function focusedElement(page: Page): Promise<string> {
  const snapshot = await page.locator(':focus').ariaSnapshot();
  return snapshot.split('\n')[0].replace(/^- /, '').replace(/:$/, '');
}

interface ExpectedFailure {
  status: number;
  method: string;
  path: string;
}

/** One person's browser: its own cookies, one page, and every error the page showed or caused. */
export class Session {
  readonly problems: string[] = [];
  // Logged out, the app's first question (who am I?) is answered 401: that is how it knows to show the login page.
  private readonly expected: ExpectedFailure[] = [{ status: 401, method: 'GET', path: '/api/auth/me' }];

  constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly baseUrl: string,
  ) {
    page.on('pageerror', (error) => this.problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      // Chromium also logs each failed response; those are judged below, by status and path.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
        this.problems.push(`console error: ${message.text()}`);
    });
    page.on('response', (response) => {
      if (response.status() < 400) return;
      const failure = { status: response.status(), method: response.request().method(), path: new URL(response.url()).pathname };
      if (!this.expected.some((e) => e.status === failure.status && e.method === failure.method && e.path === failure.path)) {
        this.problems.push(`HTTP ${failure.status} ${failure.method} ${failure.path}`);
      }
    });
  }

  /** A refusal the test provokes on purpose (a wrong password) is not a problem. */
  expectFailure(status: number, method: string, path: string): void {
    this.expected.push({ status, method, path });
  }

  goto(path: string): Promise<unknown> {
    return this.page.goto(`${this.baseUrl}${path}`);
  }

  /** Logs in through the login page (already open unless `navigate`) and waits for the app's menu. */
  async login(loginName: string, { navigate = true } = {}): Promise<void> {
    if (navigate) await this.goto('/login');
    await this.page.getByLabel('ログインID').fill(loginName);
    await this.page.getByLabel('パスワード').fill(TEST_PASSWORD);
    await this.page.getByRole('button', { name: 'ログイン', exact: true }).click();
    await this.page.getByRole('navigation', { name: 'メインメニュー' }).waitFor();
  }
}

/** The whole service on a real port with the freshly built UI, and a headless chromium to use it. */
export class BrowserApp {
  t: TestApp;
  private baseUrl: string;
  private browser: Browser;
  private sessions: Session[] = [];

  async start(): Promise<void> {
    const webDir = process.env[WEB_DIR_ENV];
    if (!webDir)
      throw new Error(`${WEB_DIR_ENV} is not set: run the browser tests through jest (test/browser/global-setup.ts builds the UI)`);
    this.t = await startTestApp({ KESHIKOMI_WEB_DIR: webDir });
    await this.t.app.listen(0, '127.0.0.1');
    this.baseUrl = `http://127.0.0.1:${(this.t.app.getHttpServer().address() as AddressInfo).port}`;
    this.browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  }

  /** A fresh browser context (a second person, or the same person on another PC). */
  async open(): Promise<Session> {
    const context = await this.browser.newContext({ viewport: VIEWPORT, locale: 'ja-JP', timezoneId: 'Asia/Tokyo', acceptDownloads: true });
    const session = new Session(context, await context.newPage(), this.baseUrl);
    this.sessions.push(session);
    return session;
  }

  /** Closes the test's sessions and returns what went wrong in them. */
  async endTest(): Promise<string[]> {
    const problems = this.sessions.flatMap((s) => s.problems);
    await Promise.all(this.sessions.map((s) => s.context.close()));
    this.sessions = [];
    return problems;
  }

  async close(): Promise<void> {
    await this.browser?.close();
    await this.t?.close();
  }
}

/**
 * The hooks of a browser test file: start the app (then `load` its data) before all tests, fail a test
 * on any browser error it caused, stop everything after the file.
 */
export function useBrowserApp(load: (t: TestApp) => Promise<void> = async () => {}): BrowserApp {
  const app = new BrowserApp();
  beforeAll(async () => {
    await app.start();
    await load(app.t);
  });
  afterEach(async () => {
    expect(await app.endTest()).toEqual([]);
  });
  afterAll(() => app.close());
  return app;
}
