import { expect, test } from '@playwright/test';
import { AppPage, collectErrors } from './fixtures/app-page';

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('signing in and the home page work as the server renders them', async ({ page }) => {
    const app = new AppPage(page);
    await app.signIn('manager');

    await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
    await expect(app.heading).toHaveText('後見デスクへようこそ');
    for (const section of ['確認事項', 'ケース', '後見人', '期限', 'ダッシュボード', '統計']) {
      await expect(app.sectionLink(section)).toBeVisible();
    }
    // Demo offices come from the database.
    await expect(page.getByRole('listitem').filter({ hasText: '南区 相談窓口' })).toBeVisible();
    await expect(page.getByText(/令和\d+年度/)).toBeVisible();
  });

  test('the language switch posts a form and the choice persists', async ({ page }) => {
    const app = new AppPage(page);
    await app.goto('/login');
    await app.switchToEnglish();

    await expect(page).toHaveURL(/\/login$/);
    await expect(app.heading).toHaveText('Sign in');
    await page.reload();
    await expect(app.heading).toHaveText('Sign in');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  });
});

test.describe('with JavaScript', () => {
  test('after hydration the language switch works without a page load', async ({ page }) => {
    const errors = collectErrors(page);
    const app = new AppPage(page);
    await app.signIn('coordinator');
    await app.waitForHydration();
    await expect(app.japanese).toHaveAttribute('aria-pressed', 'true');

    // A value on `window` survives only if no new document is loaded.
    await page.evaluate(() => ((window as unknown as { stayedOnPage: boolean }).stayedOnPage = true));
    await app.switchToEnglish();

    await expect(app.heading).toHaveText('Welcome to Kōken Desk');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(app.english).toHaveAttribute('aria-pressed', 'true');
    await expect(app.sectionLink('Cases')).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { stayedOnPage?: boolean }).stayedOnPage)).toBe(true);

    // The choice is kept in a cookie: the server renders the next page in English.
    await page.reload();
    await expect(app.heading).toHaveText('Welcome to Kōken Desk');

    await app.waitForHydration();
    await app.switchToJapanese();
    await expect(app.heading).toHaveText('後見デスクへようこそ');
    expect(errors).toEqual([]);
  });

  test('the navigation moves between sections in the browser', async ({ page }) => {
    const errors = collectErrors(page);
    const app = new AppPage(page);
    await app.signIn('manager');
    await app.waitForHydration();
    await page.evaluate(() => ((window as unknown as { stayedOnPage: boolean }).stayedOnPage = true));

    await app.sectionLink('統計').click();
    await expect(page).toHaveURL(/\/statistics$/);
    await expect(app.heading).toHaveText('統計');
    await expect(app.sectionLink('統計')).toHaveAttribute('aria-current', 'page');
    expect(await page.evaluate(() => (window as unknown as { stayedOnPage?: boolean }).stayedOnPage)).toBe(true);
    expect(errors).toEqual([]);
  });

  test('the skip link takes keyboard users to the main content', async ({ page }) => {
    const app = new AppPage(page);
    await app.goto('/login');
    await app.waitForHydration();

    await page.keyboard.press('Tab');
    await expect(app.skipLink).toBeFocused();
    await expect(app.skipLink).toHaveText('本文へ移動');
    await page.keyboard.press('Enter');
    await expect(app.main).toBeFocused();
  });

  test('an unknown address shows the not-found page', async ({ page }) => {
    const app = new AppPage(page);
    const response = await page.goto('/no/such/page');
    expect(response?.status()).toBe(404);
    await expect(app.heading).toHaveText('ページが見つかりません');
  });
});

test.describe('accessibility', () => {
  for (const [name, path, locale, login] of [
    ['the login page', '/login', 'ja', null],
    ['home in Japanese', '/', 'ja', 'manager'],
    ['home in English', '/', 'en', 'coordinator'],
    ['a section page', '/dashboard', 'ja', 'manager'],
    ['the deadline list', '/deadlines?due=all', 'ja', 'manager'],
    ['the inbox', '/inbox', 'ja', 'coordinator'],
    ['the inbox in English', '/inbox', 'en', 'manager'],
    ["the guardian's own work", '/my', 'ja', 'guardian'],
    ["the guardian's own work in English", '/my', 'en', 'guardian'],
    ['the deadline list in English', '/deadlines', 'en', 'coordinator'],
    ['the guardian register', '/guardians', 'ja', 'coordinator'],
    ['the guardian register in English', '/guardians?status=appointed&sort=free', 'en', 'manager'],
    ['the guardian form', '/guardians/new', 'ja', 'coordinator'],
    ['the case list', '/cases', 'ja', 'manager'],
    ['the case list in English', '/cases?include_closed=1', 'en', 'coordinator'],
    ['the consultation log', '/consultations', 'ja', 'coordinator'],
    ['the consultation form', '/consultations/new', 'ja', 'coordinator'],
    ['the districts', '/admin/districts', 'ja', 'admin'],
    ['the family courts', '/admin/courts', 'ja', 'admin'],
    ['the partner organisations', '/admin/organisations', 'ja', 'admin'],
    ['the not-found page', '/missing', 'ja', null],
    ['the account page', '/account', 'ja', 'guardian'],
    ['the account page in English', '/account', 'en', 'coordinator'],
    ['the administration', '/admin', 'ja', 'admin'],
    ['the users', '/admin/users', 'ja', 'admin'],
    ['the offices', '/admin/offices', 'ja', 'admin'],
    ['the audit trail', '/admin/audit', 'ja', 'admin'],
  ] as const) {
    test(`${name} has no serious or critical axe violation`, async ({ page, context, baseURL }) => {
      await context.addCookies([{ name: 'koken_locale', value: locale, url: baseURL! }]);
      const errors = collectErrors(page);
      const app = new AppPage(page);
      if (login) {
        await app.signIn(login);
      }
      await app.goto(path);
      await app.waitForHydration();
      expect(await app.seriousAccessibilityViolations()).toEqual([]);
      // A missing page answers 404, which the browser reports as a console error.
      expect(errors.filter((error) => !error.includes('404'))).toEqual([]);
    });
  }
});
