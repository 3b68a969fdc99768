import { test, expect, type Page } from '@playwright/test';
import { AppPage, collectErrors } from './fixtures/app-page';
import { logConsultationOpeningACase, uniquePerson } from './fixtures/cases';

/** The centre's figure in the row named `name` (a number). */
async function centreFigure(page: Page, name: string): Promise<number> {
  const cell = page.locator('#centre-figures tbody tr').filter({ has: page.getByRole('rowheader', { name, exact: true }) }).locator('td');
  return Number(await cell.textContent());
}

/** The fiscal year (年度) that today falls in, in Japan. */
function fiscalYearNow(): number {
  const [year, month] = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Tokyo' }).split('-').map(Number);
  return month >= 4 ? year : year - 1;
}

test('a manager reads the statistics of a 年度 and of a calendar year, with charts and tables', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = collectErrors(page);
  const app = new AppPage(page);
  await app.signIn('manager');
  await app.sectionLink('統計').click();
  await expect(app.heading).toHaveText('統計');

  // The current 年度 by default, named in the era and the western year, with its counting rule.
  const year = fiscalYearNow();
  await expect(page.locator('#statistics-period-heading')).toContainText(`（${year}年度）`);
  await expect(page.getByText('申立日が期間内にある案件を数えます')).toBeVisible();
  // Every table of the court report's categories, each with its chart.
  for (const name of ['申立ての種類', '申立人と本人の関係', '本人の男女別・年齢別（申立日現在）', '開始原因', '申立ての動機（複数回答）', '後見人等と本人の関係']) {
    const figure = page.getByRole('region', { name });
    await expect(figure.getByRole('table')).toBeVisible();
    await expect(figure.locator('svg.chart')).toBeVisible();
  }
  await expect(page.locator('#case-types tbody tr')).toHaveCount(4);
  await expect(page.locator('#case-types tbody')).toContainText('任意後見監督人選任');
  await expect(page.locator('#sex-age thead')).toContainText('男性');
  await expect(page.locator('#relations tbody tr').first()).toContainText('配偶者');
  await expect(page.locator('#centre-figures')).toContainText('相談件数');
  expect(await app.seriousAccessibilityViolations()).toEqual([]);

  // A calendar year from the chooser: the address carries it, the heading names it.
  const period = page.getByRole('combobox', { name: '集計期間' });
  await app.waitForHydration();
  await period.selectOption(`cy${year}`);
  await page.getByRole('button', { name: '表示' }).click();
  await expect(page).toHaveURL(new RegExp(`/statistics\\?period=cy${year}(&|$)`));
  await expect(page.locator('#statistics-period-heading')).toContainText(`（${year}年）`);
  await expect(period).toHaveValue(`cy${year}`);

  // The previous 年度, in English too.
  await period.selectOption(`fy${year - 1}`);
  await page.getByRole('button', { name: '表示' }).click();
  await expect(page.locator('#statistics-period-heading')).toContainText(`（${year - 1}年度）`);
  await app.switchToEnglish();
  await expect(page.locator('#statistics-period-heading')).toContainText(`FY${year - 1}`);
  await expect(page.getByRole('region', { name: 'Case type' })).toBeVisible();
  await app.switchToJapanese();
  expect(errors).toEqual([]);
});

test('the charts are in the page the server sends, and the page prints without its navigation', async ({ page }) => {
  const app = new AppPage(page);
  await app.signIn('manager');
  // Before any wasm: the server's HTML already holds the charts and their tables.
  const html = await (await page.request.get('/statistics')).text();
  expect(html).toContain('<svg class="chart"');
  expect(html).toContain('id="case-types"');

  await app.goto('/statistics');
  const period = page.getByRole('combobox', { name: '集計期間' });
  await expect(period).toBeVisible();
  await page.emulateMedia({ media: 'print' });
  await expect(app.navigation).toBeHidden();
  await expect(period).toBeHidden();
  await expect(page.locator('#case-types')).toBeVisible();
  await expect(page.locator('svg.chart').first()).toBeVisible();
  await page.emulateMedia({ media: 'screen' });
});

test("a coordinator's consultation counts in this year's figures; guardians have no statistics", async ({ page }) => {
  test.setTimeout(120_000);
  const app = new AppPage(page);
  await app.signIn('coordinator');
  await app.goto('/statistics');
  await expect(app.heading).toHaveText('統計');
  const before = await centreFigure(page, '相談件数');

  await logConsultationOpeningACase(page, app, uniquePerson());
  await app.goto('/statistics');
  // Other tests may log consultations meanwhile: at least this one more.
  expect(await centreFigure(page, '相談件数')).toBeGreaterThan(before);
  expect(await centreFigure(page, '新規ケース')).toBeGreaterThan(0);
  await app.signOut();

  await app.signIn('guardian');
  await expect(app.sectionLink('統計')).toHaveCount(0);
  await app.goto('/statistics');
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page.locator('#case-types')).toHaveCount(0);
});

test('a period from an address outside the offered years is still the one the chooser names', async ({ page }) => {
  const app = new AppPage(page);
  await app.signIn('manager');
  await app.goto('/statistics?period=fy2001');
  await expect(page.locator('#statistics-period-heading')).toContainText('（2001年度）');
  await expect(page.getByRole('combobox', { name: '集計期間' })).toHaveValue('fy2001');
});
