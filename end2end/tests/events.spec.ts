import { test, expect } from '@playwright/test';
import { AppPage } from './fixtures/app-page';
import { registerGuardian, selectByText } from './fixtures/guardians';
import { logConsultationOpeningACase, uniquePerson } from './fixtures/cases';

/** Today in Japan as an `<input type="date">` value. */
function japanToday(): string {
  return new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Tokyo' });
}

test("a coordinator records a family guardian's support and a training with its attendees", async ({ page }) => {
  test.setTimeout(120_000);
  const app = new AppPage(page);
  await app.signIn('coordinator');
  // A family guardian: the son of a person the centre supports.
  await logConsultationOpeningACase(page, app, uniquePerson());
  const personLink = await page.locator('a[href^="/persons/"]').first().getAttribute('href');
  const family = uniquePerson();
  family.name = family.name.replace('試験', '親族');
  await registerGuardian(page, app, '子', family, false, personLink!.split('/').pop());
  await app.waitForHydration();

  // The family guardian's support history: one session of help with the first report.
  const support = page.getByRole('region', { name: '支援の記録' });
  await expect(support.getByText('支援の記録はまだありません。')).toBeVisible();
  await support.getByText('支援を記録する').click();
  await support.getByLabel('内容の種類').selectOption({ label: '報告書の作成' });
  await support.getByLabel('方法').selectOption({ label: '来所面談' });
  await support.getByLabel('所要時間（分）').fill('45');
  await support.getByLabel('内容', { exact: true }).fill('初回報告の財産目録を一緒に作成した。');
  await support.getByRole('button', { name: '記録する' }).click();
  await expect(support.getByText('支援を記録しました。')).toBeVisible();
  await expect(page.locator('#support-sessions')).toContainText('初回報告の財産目録を一緒に作成した。');
  expect(await app.seriousAccessibilityViolations()).toEqual([]);

  // A seminar for family guardians, with this guardian among the attendees.
  const title = `親族後見人向け研修会 ${Date.now()}`;
  await app.sectionLink('研修・啓発').click();
  await expect(app.heading).toHaveText('研修・啓発');
  await app.waitForHydration();
  await page.getByRole('link', { name: '行事を記録する' }).click();
  await expect(app.heading).toHaveText('行事を記録する');
  await app.waitForHydration();
  await page.getByLabel('種類', { exact: true }).selectOption({ label: '親族後見人向け研修会' });
  await page.getByLabel('開催日').fill(japanToday());
  await page.getByLabel('名称').fill(title);
  await page.getByLabel('対象').fill('親族後見人');
  await page.getByLabel('参加者数').fill('12');
  await page.getByRole('button', { name: '保存する' }).click();
  // Saved, the new event continues on its own page.
  await expect(page).toHaveURL(/\/events\/[0-9a-f-]{36}$/);
  await expect(app.heading).toHaveText(title);
  await expect(page.locator('#event-participant-count')).toHaveText('12');
  expect(await app.seriousAccessibilityViolations()).toEqual([]);
  await app.waitForHydration();
  await selectByText(page, 'attendee', family.name);
  await page.getByRole('button', { name: '出席を記録する' }).click();
  await expect(page.locator('#attendees')).toContainText(family.name.replace(' ', '　'));
  expect(await app.seriousAccessibilityViolations()).toEqual([]);

  // The list shows it with its head count.
  await app.sectionLink('研修・啓発').click();
  await expect(page.locator('#events tbody tr').filter({ hasText: title })).toContainText('12');

  // Back on the guardian's page, the seminar is among the events attended.
  await page.locator('#events tbody tr').filter({ hasText: title }).getByRole('link').click();
  await page.locator('#attendees').getByRole('link').first().click();
  await expect(page.locator('#attended-events')).toContainText(title);
});
