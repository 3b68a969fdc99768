import { test, expect, type Page } from '@playwright/test';
import fs from 'node:fs';
import { AppPage, collectErrors } from './fixtures/app-page';
import { workbookTexts } from './fixtures/workbook';

/** The template's case headings, in its column order (checked against the download). */
const HEADINGS = [
  'ケース番号', '本人氏名', 'フリガナ', '生年月日', '性別', '地区', '開始原因', '類型', '申立人',
  '申立ての動機', '開始日', '申立日', '審判日', '確定日',
];

/** A cases ledger as a centre saves it from Excel: UTF-8 with its byte-order mark. */
function ledger(rows: string[][]): Buffer {
  const lines = [HEADINGS, ...rows].map((cells) => cells.join(','));
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf8')]);
}

async function upload(page: Page, name: string, bytes: Buffer) {
  await page.getByLabel('台帳の種類').selectOption('cases');
  await page.getByLabel('ファイル', { exact: true }).setInputFiles({ name, mimeType: 'text/csv', buffer: bytes });
  await page.getByRole('button', { name: 'アップロード' }).click();
  await expect(page.getByRole('heading', { name: '2. 列の割り当て' })).toBeVisible();
}

test('a coordinator imports a ledger: the report shows the error, the fixed file goes in', async ({ page }) => {
  test.setTimeout(90_000);
  const errors = collectErrors(page);
  const app = new AppPage(page);
  await app.signIn('coordinator');
  await app.goto('/cases');
  await page.getByRole('link', { name: '台帳を取り込む' }).click();
  await expect(app.heading).toHaveText('データ取り込み');
  await app.waitForHydration();

  // The template carries the headings this ledger uses.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: '取り込み用テンプレート（Excel）をダウンロード' }).click(),
  ]);
  const template = workbookTexts(fs.readFileSync(await download.path()));
  for (const heading of HEADINGS) expect(template.strings).toContain(heading);

  const stamp = Date.now().toString().slice(-6);
  const first = [`IMP-${stamp}-1`, '取込　春子', 'トリコミ　ハルコ', '昭和15年3月2日', '女性', '', '認知症', '後見', '子', '預貯金等の管理・解約', 'R6.4.1', '', '', ''];
  const second = [`IMP-${stamp}-2`, '取込　夏男', '', '1938/11/30', '男性', '', '', '保左', '市長', '', '2024/6/3', '', '', ''];

  // One deliberate error: 保左 for 保佐.
  await upload(page, 'ledger.csv', ledger([first, second]));
  await expect(page.locator('#import-mapping tbody tr')).toHaveCount(HEADINGS.length);
  await expect(page.getByLabel('類型 取り込む項目')).toHaveValue('case_type');
  await page.getByRole('button', { name: '内容を確認する（試行）' }).click();
  await expect(page.getByRole('heading', { name: '3. 確認結果' })).toBeVisible();
  const errorRow = page.locator('#import-findings tr.finding--error');
  await expect(errorRow).toHaveCount(1);
  await expect(errorRow).toContainText('保左');
  await expect(errorRow).toContainText('「保佐」の誤りではありませんか？');
  await expect(page.locator('#import-findings')).toContainText('和暦を西暦に変換しました。');
  await expect(page.getByRole('alert').filter({ hasText: 'エラーのある行があるため取り込めません' })).toBeVisible();
  await expect(page.getByRole('button', { name: '取り込む' })).toHaveCount(0);
  expect(await app.seriousAccessibilityViolations()).toEqual([]);

  // Fixed and uploaded again: the mapping is remembered, the rows are new, the import runs.
  second[7] = '保佐';
  await upload(page, 'ledger-fixed.csv', ledger([first, second]));
  await expect(page.getByText('前回この見出しで選んだ割り当てを使っています。')).toBeVisible();
  // A field chosen twice is named as it happens, and the alert goes once it is undone.
  const kana = page.getByLabel('フリガナ 取り込む項目');
  await kana.selectOption('person_name');
  const twice = page.getByRole('alert').filter({ hasText: '「本人氏名」が2つの列に割り当てられています' });
  await expect(twice).toBeVisible();
  await kana.selectOption('person_kana');
  await expect(twice).toHaveCount(0);
  await page.getByRole('button', { name: '内容を確認する（試行）' }).click();
  const counts = page.locator('#import-counts');
  await expect(counts.getByRole('row', { name: /^新規/ })).toContainText('2');
  await expect(counts.getByRole('row', { name: /^エラー/ })).toContainText('0');
  // The commit held back a moment, so its progress can be seen.
  await page.route('**/api/imports/commit', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await route.continue();
  });
  await page.getByRole('button', { name: '取り込む' }).click();
  await expect(page.getByRole('progressbar', { name: /取り込んでいます/ })).toBeVisible();
  await expect(page.getByText('取り込みました：新規 2 件、更新 0 件、変更なし 0 件。')).toBeVisible();
  await expect(page.locator('#recent-imports')).toContainText('ledger-fixed.csv');
  await expect(page.locator('#recent-imports')).toContainText('取り込み済み');
  expect(await app.seriousAccessibilityViolations()).toEqual([]);

  // The imported cases are in the list.
  await page.getByRole('link', { name: 'ケース一覧を開く' }).click();
  await app.goto(`/cases?q=IMP-${stamp}`);
  await expect(page.getByRole('status').filter({ hasText: '件中' })).toHaveText('2 件中 1–2 件');
  await expect(page.getByRole('link', { name: `IMP-${stamp}-2` })).toBeVisible();
  expect(errors).toEqual([]);
});
