import { expect, test, type Browser } from '@playwright/test';
import { AppPage, collectErrors } from './fixtures/app-page';
import { totpNow } from './fixtures/totp';

/** The demo admin creates an account in the browser; returns its one-time password. */
async function createAccount(browser: Browser, loginId: string): Promise<string> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const app = new AppPage(page);
  await app.signIn('admin');
  await app.goto('/admin/users');
  await app.waitForHydration();
  await page.getByLabel('ログインID').fill(loginId);
  await page.getByLabel('氏名').fill(`テスト ${loginId}`);
  await page.getByLabel('権限').selectOption('guardian');
  await page.getByRole('button', { name: '作成' }).click();
  const created = page.getByRole('status').filter({ hasText: `${loginId} を作成しました` });
  await expect(created).toBeVisible();
  const password = (await created.locator('code').textContent())!.trim();
  await context.close();
  return password;
}

async function signInWith(page: import('@playwright/test').Page, loginId: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('ログインID').fill(loginId);
  await page.getByLabel('パスワード').fill(password);
  await page.getByRole('button', { name: 'ログイン' }).click();
}

test('a new user replaces the one-time password before anything else', async ({ page, browser }) => {
  const errors = collectErrors(page);
  const loginId = `e2e-first-${Date.now()}`;
  const oneTime = await createAccount(browser, loginId);
  const app = new AppPage(page);

  await signInWith(page, loginId, oneTime);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('alert')).toContainText('パスワードを変更してください');
  await expect(app.navigation).toHaveCount(0);
  // Any other page leads back here until the password is changed.
  await app.goto('/');
  await expect(page).toHaveURL(/\/account$/);

  await app.waitForHydration();
  await page.getByLabel('現在のパスワード').fill(oneTime);
  await page.getByLabel('新しいパスワード', { exact: true }).fill('short');
  await page.getByLabel('新しいパスワード（確認）').fill('short');
  await page.getByRole('button', { name: 'パスワードを変更' }).click();
  await expect(page.getByText('12文字以上にしてください。')).toBeVisible();
  await expect(page.getByLabel('新しいパスワード', { exact: true })).toHaveAttribute('aria-invalid', 'true');

  const chosen = 'my own long passphrase';
  await page.getByLabel('新しいパスワード', { exact: true }).fill(chosen);
  await page.getByLabel('新しいパスワード（確認）').fill(chosen);
  await page.getByRole('button', { name: 'パスワードを変更' }).click();
  await expect(page).toHaveURL(/\/login\?problem=password_changed$/);
  await expect(page.getByRole('status')).toContainText('パスワードを変更しました');

  await signInWith(page, loginId, chosen);
  await expect(page).toHaveURL(/\/$/);
  expect(errors.filter((error) => !error.includes('422'))).toEqual([]);
});

test('a user turns on two-step verification and signs in with a recovery code', async ({ page, browser }) => {
  // Four sign-ins (each an Argon2 hash on the server) and two accessibility scans: on a busy
  // 2-core machine the flow outgrew the default 30 s (seen at 32 s in a full run).
  test.setTimeout(90_000);
  const loginId = `e2e-2fa-${Date.now()}`;
  const oneTime = await createAccount(browser, loginId);
  const app = new AppPage(page);
  const password = 'a second long passphrase';
  await signInWith(page, loginId, oneTime);
  await app.waitForHydration();
  await page.getByLabel('現在のパスワード').fill(oneTime);
  await page.getByLabel('新しいパスワード', { exact: true }).fill(password);
  await page.getByLabel('新しいパスワード（確認）').fill(password);
  await page.getByRole('button', { name: 'パスワードを変更' }).click();
  await expect(page).toHaveURL(/problem=password_changed/);
  await signInWith(page, loginId, password);

  await app.goto('/account');
  await app.waitForHydration();
  await page.getByRole('button', { name: '認証アプリを登録する' }).click();
  await expect(page.getByRole('img', { name: '認証アプリ登録用のQRコード' })).toBeVisible();
  const setupKey = (await page.locator('code.secret').textContent())!;
  await page.getByLabel('アプリに表示された6桁のコード').fill(totpNow(setupKey));
  await page.getByRole('button', { name: '確認して有効にする' }).click();
  const codes = page.locator('.recovery-codes code');
  await expect(codes).toHaveCount(10);
  const recoveryCode = (await codes.first().textContent())!;
  await expect(page.getByText('2段階認証は有効です。')).toBeVisible();
  expect(await app.seriousAccessibilityViolations()).toEqual([]);

  await app.signOut();
  await signInWith(page, loginId, password);
  await expect(page).toHaveURL(/\/login\/two-factor$/);
  expect(await app.seriousAccessibilityViolations()).toEqual([]);
  await page.getByLabel('確認コード').fill('000000');
  await page.getByRole('button', { name: '確認' }).click();
  await expect(page.getByRole('alert')).toContainText('コードが正しくない');
  await page.getByLabel('確認コード').fill(recoveryCode);
  await page.getByRole('button', { name: '確認' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByText(`テスト ${loginId}`)).toBeVisible();
});

test('before the idle timeout the page warns and one button keeps the session', async ({ page }) => {
  await page.clock.install();
  const app = new AppPage(page);
  await app.signIn('guardian');
  await app.waitForHydration();
  const warning = page.getByRole('alertdialog');
  await expect(warning).toHaveCount(0);

  await page.clock.fastForward('27:30');
  await expect(warning).toContainText('ログアウトします');
  const stay = warning.getByRole('button', { name: 'ログインを続ける' });
  await expect(stay).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(warning).toHaveCount(0);

  await page.clock.fastForward('31:00');
  await expect(warning).toContainText('ログアウトしました');
  await expect(warning.getByRole('link', { name: 'もう一度ログイン' })).toHaveAttribute('href', '/login?next=%2F');
});
