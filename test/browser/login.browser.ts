import { TEST_PASSWORD } from '../support/test-app';
import { describeBrowser, focusedElement, screenshot, useBrowserApp } from './support';

describeBrowser('logging in and out', () => {
  const app = useBrowserApp(async (t) => {
    await t.user('staff', 'staff1');
  });

  it('refuses a wrong password with the server message and stays on the login page', async () => {
    const s = await app.open();
    s.expectFailure(401, 'POST', '/api/auth/login');
    await s.goto('/login');
    await screenshot(s.page, '01-login');
    await s.page.getByLabel('ログインID').fill('staff1');
    await s.page.getByLabel('パスワード').fill('wrong-password');
    await s.page.getByRole('button', { name: 'ログイン', exact: true }).click();
    await s.page.getByRole('alert').getByText('ログイン名またはパスワードが違います').waitFor();
    expect(new URL(s.page.url()).pathname).toBe('/login');
    expect(await s.page.getByRole('navigation', { name: 'メインメニュー' }).count()).toBe(0);
  });

  it('lands staff on 本日の消込, and logging out ends the session', async () => {
    const s = await app.open();
    await s.login('staff1');
    await s.page.getByRole('heading', { level: 1, name: '本日の消込' }).waitFor();
    expect(new URL(s.page.url()).pathname).toBe('/');
    await s.page.getByText('staff1 (test)（会計課職員）').waitFor();

    await s.page.getByRole('button', { name: 'ログアウト' }).click();
    await s.page.getByLabel('ログインID').waitFor();
    expect(new URL(s.page.url()).pathname).toBe('/login');
    // The server forgot the session: reopening the app asks to log in again.
    await s.goto('/');
    await s.page.getByLabel('ログインID').waitFor();
    expect(new URL(s.page.url()).pathname).toBe('/login');
  });

  it('sends a logged-out deep link to the login page and back to it after logging in', async () => {
    const s = await app.open();
    await s.goto('/exceptions');
    await s.page.getByLabel('ログインID').waitFor();
    expect(new URL(s.page.url()).pathname).toBe('/login');
    await s.login('staff1', { navigate: false });
    await s.page.getByRole('heading', { level: 1, name: '例外一覧' }).waitFor();
    expect(new URL(s.page.url()).pathname).toBe('/exceptions');
  });

  it('is usable by keyboard alone: Tab goes ID → password → button, Enter logs in', async () => {
    const s = await app.open();
    await s.goto('/login');
    const order = [await focusedElement(s.page)];
    for (let i = 0; i < 2; i++) {
      await s.page.keyboard.press('Tab');
      order.push(await focusedElement(s.page));
    }
    expect(order).toEqual(['textbox "ログインID"', 'textbox "パスワード"', 'button "ログイン"']);

    await s.page.keyboard.press('Shift+Tab');
    await s.page.keyboard.press('Shift+Tab');
    await s.page.keyboard.type('staff1');
    await s.page.keyboard.press('Tab');
    await s.page.keyboard.type(TEST_PASSWORD);
    await s.page.keyboard.press('Enter');
    await s.page.getByRole('heading', { level: 1, name: '本日の消込' }).waitFor();
  });
});
