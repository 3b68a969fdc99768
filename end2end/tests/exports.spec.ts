import { test, expect, type Page, type Locator } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { AppPage, collectErrors } from './fixtures/app-page';
import { workbookTexts } from './fixtures/workbook';

/** Screenshots the run keeps for people to look at (end2end/artifacts, not in git). */
const artifacts = path.join(__dirname, '..', 'artifacts');

/** Clicks a download link and returns the file's suggested name and its bytes. */
async function download(page: Page, link: Locator): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const saved = await file.path();
  return { name: file.suggestedFilename(), bytes: fs.readFileSync(saved) };
}

/** A CSV export's lines, after checking the byte-order mark Japanese Excel needs. */
function csvLines(bytes: Buffer): string[] {
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return bytes.subarray(3).toString('utf8').split('\r\n').filter((line) => line !== '');
}

function fiscalYearNow(): number {
  const [year, month] = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Tokyo' }).split('-').map(Number);
  return month >= 4 ? year : year - 1;
}

test('a manager takes the statistics of a calendar year and the workload away as CSV and Excel', async ({ page }) => {
  test.setTimeout(90_000);
  fs.mkdirSync(artifacts, { recursive: true });
  const errors = collectErrors(page);
  const app = new AppPage(page);
  await app.signIn('manager');

  // The statistics of the current 年度, then of the calendar year.
  await app.sectionLink('統計').click();
  const year = fiscalYearNow();
  await expect(page.locator('#statistics-period-heading')).toContainText(`（${year}年度）`);
  await app.waitForHydration();
  await page.getByRole('combobox', { name: '集計期間' }).selectOption(`cy${year}`);
  await page.getByRole('button', { name: '表示' }).click();
  await expect(page.locator('#statistics-period-heading')).toContainText(`（${year}年）`);
  await page.screenshot({ path: path.join(artifacts, 'statistics.png'), fullPage: true });

  const csv = await download(page, page.getByRole('link', { name: 'CSVで書き出す' }));
  expect(csv.name).toBe(`koken-statistics-cy${year}.csv`);
  const lines = csvLines(csv.bytes);
  expect(lines[0]).toMatch(new RegExp(`^申立ての種類 .*（${year}年）$`));
  expect(lines[1]).toBe('区分,件数');
  expect(lines).toContain('後見開始,' + (await page.locator('#case-types tbody tr').first().locator('td').textContent()));
  expect(lines.some((line) => line.startsWith('センターの実績'))).toBe(true);

  const xlsx = await download(page, page.getByRole('link', { name: 'Excel（XLSX）で書き出す' }));
  expect(xlsx.name).toBe(`koken-statistics-cy${year}.xlsx`);
  const book = workbookTexts(xlsx.bytes);
  expect(book.sheets).toHaveLength(7);
  expect(book.strings).toContain('任意後見監督人選任');
  expect(book.strings).toContain('相談件数');
  expect(await app.seriousAccessibilityViolations()).toEqual([]);

  // The dashboard's workload table, with the demo coordinator in it.
  await app.sectionLink('ダッシュボード').click();
  await expect(page.locator('#workload')).toBeVisible();
  await page.screenshot({ path: path.join(artifacts, 'dashboard.png'), fullPage: true });
  const workload = await download(page, page.getByRole('link', { name: 'Excel（XLSX）で書き出す' }));
  expect(workload.name).toMatch(/^koken-workload-\d{4}-\d{2}-\d{2}\.xlsx$/);
  expect(workbookTexts(workload.bytes).strings).toContain('デモ コーディネーター');
  const workloadCsv = csvLines((await download(page, page.getByRole('link', { name: 'CSVで書き出す' }))).bytes);
  expect(workloadCsv[0]).toMatch(/^担当者,/);
  expect(workloadCsv.some((line) => line.startsWith('デモ コーディネーター,'))).toBe(true);
  expect(await app.seriousAccessibilityViolations()).toEqual([]);
  expect(errors).toEqual([]);
});

test('a coordinator exports the case list under its filters, every page of it', async ({ page }) => {
  const app = new AppPage(page);
  await app.signIn('coordinator');
  await app.goto('/cases?closed=1');
  const summary = page.getByRole('status').filter({ hasText: '件中' });
  await expect(summary).toBeVisible();
  const total = Number((await summary.textContent())!.match(/(\d+) 件中/)![1]);
  expect(total).toBeGreaterThan(0);

  const csv = await download(page, page.getByRole('link', { name: 'CSVで書き出す' }));
  expect(csv.name).toMatch(/^koken-cases-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = csvLines(csv.bytes);
  expect(lines[0]).toBe('ケース番号,類型,段階,本人氏名,フリガナ,窓口,担当,地区,開始日,更新');
  expect(lines).toHaveLength(total + 1);

  // Narrowed to one case number: the file holds that case only.
  const number = lines[1].split(',')[0];
  await app.goto(`/cases?closed=1&q=${encodeURIComponent(number)}`);
  await expect(summary).toHaveText('1 件中 1–1 件');
  const narrowed = await download(page, page.getByRole('link', { name: 'Excel（XLSX）で書き出す' }));
  const book = workbookTexts(narrowed.bytes);
  expect(book.sheets).toEqual(['ケース一覧']);
  expect(book.strings).toContain(number);
  expect(book.rows).toEqual([2]);
});
