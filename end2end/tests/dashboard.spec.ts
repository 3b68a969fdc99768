import { test, expect, type Page } from '@playwright/test';
import { AppPage, collectErrors } from './fixtures/app-page';
import { logConsultationOpeningACase, uniquePerson } from './fixtures/cases';

/** This month's row of the monthly trend: cases opened, petitioned, decided. */
async function thisMonth(page: Page): Promise<number[]> {
  const cells = page.locator('#monthly tbody tr').last().locator('td');
  return (await cells.allTextContents()).map(Number);
}

test('a manager reads the workload, the pipeline, the guardian bank and the trends', async ({ page }) => {
  const errors = collectErrors(page);
  const app = new AppPage(page);
  await app.signIn('manager');
  await app.sectionLink('ダッシュボード').click();
  await expect(app.heading).toHaveText('ダッシュボード');
  await expect(page.getByText('センター全体の数字です。')).toBeVisible();

  // Each figure has its chart and its table.
  for (const name of ['担当者別の負担', '段階別の対応中ケース', 'リレー計画の状況', '月別（直近12か月）', '年度別（直近5年度）']) {
    const figure = page.getByRole('region', { name });
    await expect(figure.getByRole('table')).toBeVisible();
    await expect(figure.locator('svg.chart')).toBeVisible();
  }
  // The demo coordinator carries cases; every open stage is a column.
  await expect(page.locator('#workload thead')).toContainText('審判待ち');
  await expect(page.locator('#workload tbody tr').filter({ hasText: 'デモ コーディネーター' })).toHaveCount(1);
  await expect(page.locator('#stages tbody tr')).toHaveCount(6);
  await expect(page.locator('#monthly tbody tr')).toHaveCount(12);
  await expect(page.locator('#yearly tbody tr')).toHaveCount(5);
  await expect(page.locator('#median-to-petition')).toBeVisible();
  await expect(page.getByRole('region', { name: '後見人バンク（市民後見人・地区別）' })).toBeVisible();
  expect(await app.seriousAccessibilityViolations()).toEqual([]);

  await app.waitForHydration();
  await app.switchToEnglish();
  await expect(app.heading).toHaveText('Dashboard');
  await expect(page.getByRole('region', { name: 'Workload by coordinator' })).toBeVisible();
  await app.switchToJapanese();
  expect(errors).toEqual([]);
});

test("a coordinator's new case shows in this month's trend of their office", async ({ page }) => {
  test.setTimeout(120_000);
  const app = new AppPage(page);
  await app.signIn('coordinator');
  await app.goto('/dashboard');
  await expect(page.getByText('あなたの事務所の数字です（後見人名簿はセンター全体）。')).toBeVisible();
  const [openedBefore] = await thisMonth(page);

  await logConsultationOpeningACase(page, app, uniquePerson());
  await app.goto('/dashboard');
  const [openedAfter] = await thisMonth(page);
  // Other tests may open cases meanwhile: at least this one more.
  expect(openedAfter).toBeGreaterThan(openedBefore);
  await app.signOut();

  await app.signIn('guardian');
  await expect(app.sectionLink('ダッシュボード')).toHaveCount(0);
  await app.goto('/dashboard');
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page.locator('#workload')).toHaveCount(0);
});
