import { expect, test } from '@playwright/test';
import { AppPage, DEMO_PASSWORD } from './fixtures/app-page';

const navigationByRole = {
  admin: ['管理'],
  manager: ['ケース', '後見人', '期限', 'ダッシュボード', '統計'],
  coordinator: ['ケース', '後見人', '期限', 'ダッシュボード', '統計'],
  guardian: [],
} as const;
const allSections = ['ケース', '後見人', '期限', 'ダッシュボード', '統計', '管理'];

for (const [login, sections] of Object.entries(navigationByRole)) {
  test(`the demo ${login} signs in and sees their own navigation`, async ({ page }) => {
    const app = new AppPage(page);
    await app.signIn(login as keyof typeof navigationByRole);
    await expect(page.getByText(`デモ`, { exact: false }).first()).toBeVisible();
    for (const section of allSections) {
      const link = app.sectionLink(section);
      if ((sections as readonly string[]).includes(section)) {
        await expect(link).toBeVisible();
      } else {
        await expect(link).toHaveCount(0);
      }
    }
  });
}

test('a wrong password shows an error with no hint about the account', async ({ page }) => {
  const app = new AppPage(page);
  const message = page.getByRole('alert');

  await app.goto('/login');
  await page.getByLabel('ログインID').fill('manager');
  await page.getByLabel('パスワード').fill('not the demo password');
  await page.getByRole('button', { name: 'ログイン' }).click();
  await expect(message).toContainText('ログインできませんでした');
  const forExistingAccount = await message.textContent();

  await page.getByLabel('ログインID').fill('no-such-account');
  await page.getByLabel('パスワード').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await expect(message).toContainText('ログインできませんでした');
  expect(await message.textContent()).toBe(forExistingAccount);
});

test('a page opened while signed out asks to sign in, then opens', async ({ page }) => {
  await page.goto('/statistics');
  await expect(page).toHaveURL(/\/login\?next=%2Fstatistics$/);
  await page.getByLabel('ログインID').fill('manager');
  await page.getByLabel('パスワード').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await expect(page).toHaveURL(/\/statistics$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('統計');
});

test('signing out returns to the login page and the back button shows nothing private', async ({ page }) => {
  const app = new AppPage(page);
  await app.signIn('coordinator');
  await expect(page.getByText('デモ コーディネーター')).toBeVisible();

  await app.signOut();
  await expect(page.getByRole('status')).toHaveText('ログアウトしました。');

  await page.goBack();
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByText('デモ コーディネーター')).toHaveCount(0);
  await expect(app.navigation).toHaveCount(0);
});
