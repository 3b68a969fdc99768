import { test, expect } from '@playwright/test';
import { AppPage } from './fixtures/app-page';

test('a guardian subscribes to their deadlines as a calendar and stops the feed', async ({ page }) => {
  const app = new AppPage(page);
  await app.signIn('guardian');
  await page.goto('/account');
  await app.waitForHydration();
  const section = page.getByRole('region', { name: 'カレンダー連携' });
  await expect(section.locator('#calendar-status')).toBeVisible();
  await section.getByRole('button', { name: /^URLを発行する/ }).click();
  const address = section.getByLabel('カレンダーに登録するURL');
  await expect(address).toHaveValue(/\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
  await expect(section.locator('#calendar-status')).toContainText('配信中');
  expect(await app.seriousAccessibilityViolations()).toEqual([]);

  // What a calendar application would fetch: iCalendar with case numbers, no names.
  const url = await address.inputValue();
  const feed = await page.request.get(url);
  expect(feed.status()).toBe(200);
  expect(feed.headers()['content-type']).toBe('text/calendar; charset=utf-8');
  const body = await feed.text();
  expect(body.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
  expect(body).toContain('BEGIN:VEVENT');

  await section.getByRole('button', { name: '配信を停止する' }).click();
  await expect(section.getByText('配信を停止しました。以前のURLは使えません。')).toBeVisible();
  await expect(section.locator('#calendar-status')).toHaveText('配信していません。');
  expect((await page.request.get(url)).status()).toBe(404);
});
