import { expect, test, type Page } from '@playwright/test';
import { AppPage, collectErrors } from './fixtures/app-page';
import { logConsultationOpeningACase, uniquePerson } from './fixtures/cases';

async function moveTo(page: Page, stage: string) {
  const form = page.locator('#move-form');
  await form.getByLabel('次の段階').selectOption({ label: stage });
  await form.getByRole('button', { name: '段階を進める' }).click();
}

test('a coordinator logs a flagged consultation, opens the case, fills the petition and moves it to 審判待ち', async ({ page }) => {
  // Long flows: 33–38 s on a slow evening of this 2-core machine, past the default 30 s.
  test.setTimeout(90_000);
  const errors = collectErrors(page);
  const app = new AppPage(page);
  await app.signIn('coordinator');
  const person = uniquePerson();
  await logConsultationOpeningACase(page, app, person);

  const timeline = page.locator('#timeline');
  await expect(page.locator('#current-stage')).toHaveText('相談');
  await expect(timeline).toContainText('ケース開始');
  await expect(timeline).toContainText('[権利侵害: 虐待]');
  expect(await app.seriousAccessibilityViolations()).toEqual([]);

  await moveTo(page, 'アセスメント');
  await expect(page.locator('#current-stage')).toHaveText('アセスメント');
  await moveTo(page, '申立支援');
  await expect(page.locator('#current-stage')).toHaveText('申立支援');

  const petition = page.locator('#case-form');
  await petition.getByLabel('申立人').selectOption({ label: '市区町村長' });
  await petition.getByRole('checkbox', { name: '預貯金等の管理・解約' }).check();
  await petition.getByRole('checkbox', { name: '身上保護' }).check();
  await petition.getByLabel('申立日').fill('2026-02-10');
  await petition.getByRole('button', { name: '保存' }).click();
  // A mayor's petition brings the kinship survey.
  await expect(page.getByRole('heading', { name: '親族調査（市長申立）' })).toBeVisible();

  await moveTo(page, '審判待ち');
  await expect(page.locator('#current-stage')).toHaveText('審判待ち');
  await expect(timeline).toContainText('段階の変更: 相談 → アセスメント');
  await expect(timeline).toContainText('段階の変更: アセスメント → 申立支援');
  await expect(timeline).toContainText('段階の変更: 申立支援 → 審判待ち');

  // The case is in the list, found by its kana typed in half-width.
  await app.goto(`/cases?q=${encodeURIComponent('ｼｹﾝ')}&stage=awaiting_decision`);
  await expect(page.getByRole('link', { name: /^\d{4}-\d{4}$/ }).first()).toBeVisible();
  await expect(page.getByRole('cell', { name: new RegExp(person.kana.replace(' ', '.')) })).toBeVisible();
  expect(errors).toEqual([]);
});

test('a refused move says which rule refused it', async ({ page }) => {
  const app = new AppPage(page);
  await app.signIn('coordinator');
  await logConsultationOpeningACase(page, app, uniquePerson());
  await moveTo(page, '終了');
  await expect(page.locator('#move-form').getByText('終了理由を選んでください。')).toBeVisible();
  await expect(page.locator('#current-stage')).toHaveText('相談');

  // 支援中 needs the decision and final dates: the refusal names them.
  await moveTo(page, 'アセスメント');
  await expect(page.locator('#current-stage')).toHaveText('アセスメント');
  await moveTo(page, '申立支援');
  await expect(page.locator('#current-stage')).toHaveText('申立支援');
  await moveTo(page, '審判待ち');
  await expect(page.locator('#move-refusal')).toHaveText('審判待ちへ進むには申立日が必要です。');
});

test('two people editing one case: the second save shows the conflict and keeps the input', async ({ browser, page }) => {
  // Long flows: 33–38 s on a slow evening of this 2-core machine, past the default 30 s.
  test.setTimeout(90_000);
  const app = new AppPage(page);
  await app.signIn('coordinator');
  await logConsultationOpeningACase(page, app, uniquePerson());
  const caseUrl = page.url();

  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  const otherApp = new AppPage(other);
  await otherApp.signIn('coordinator');
  await other.goto(caseUrl);
  await otherApp.waitForHydration();

  await page.locator('#case-notes').fill('親族と面談済み');
  await Promise.all([
    page.waitForResponse((response) => response.url().endsWith('/api/cases/update') && response.ok()),
    page.locator('#case-form').getByRole('button', { name: '保存' }).click(),
  ]);

  await other.locator('#case-notes').fill('ケアマネジャーから追加の情報');
  await other.locator('#case-form').getByRole('button', { name: '保存' }).click();
  const notice = other.locator('#conflict-notice');
  await expect(notice).toContainText('ほかの人が先にこのケースを変更しました');
  await expect(notice).toContainText('デモ コーディネーター');
  await expect(notice).toContainText('メモ');
  await expect(other.locator('#case-notes')).toHaveValue('ケアマネジャーから追加の情報');
  await otherContext.close();
});

test('a coordinator corrects a consultation from the log', async ({ page }) => {
  const errors = collectErrors(page);
  const app = new AppPage(page);
  await app.signIn('coordinator');
  await app.goto('/consultations?flag=abuse');
  await expect(app.heading).toHaveText('相談記録');
  await page.locator('tbody tr').first().getByRole('link').first().click();
  await expect(app.heading).toHaveText('相談記録の修正');
  await app.waitForHydration();
  expect(await app.seriousAccessibilityViolations()).toEqual([]);
  const summary = `訂正 ${Date.now()}`;
  await page.getByLabel('相談の要旨').fill(summary);
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('保存しました。')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('相談の要旨')).toHaveValue(summary);
  expect(errors).toEqual([]);
});

test("a person's page opens from the log and edits the record", async ({ page }) => {
  const errors = collectErrors(page);
  const app = new AppPage(page);
  await app.signIn('coordinator');
  const person = uniquePerson();
  await logConsultationOpeningACase(page, app, person);
  await page.getByRole('link', { name: '本人のページへ' }).click();
  await expect(app.heading).toHaveText(person.name.replace(' ', '　'));
  await app.waitForHydration();
  expect(await app.seriousAccessibilityViolations()).toEqual([]);
  await page.getByText('本人情報を編集').click();
  await page.locator('#person-birth').fill('1939-05-06');
  await page.getByRole('button', { name: '本人情報を保存' }).click();
  await expect(page.locator('dl.facts')).toContainText('1939');
  expect(errors).toEqual([]);
});

test('a coordinator hands a case over from the list, and the list shows it at once', async ({ page }) => {
  test.setTimeout(90_000);
  const errors = collectErrors(page);
  const app = new AppPage(page);
  await app.signIn('coordinator');
  const person = uniquePerson();
  await logConsultationOpeningACase(page, app, person);

  // The rows are written by the server as HTML and taken over as they are by hydration.
  const digits = person.name.split(' ')[1];
  await app.goto(`/cases?q=${digits}`);
  await expect(app.heading).toHaveText('ケース一覧');
  await app.waitForHydration();
  const row = page.locator('tbody tr', { hasText: digits });
  await expect(row).toHaveCount(1);
  const coordinator = row.locator('td').nth(5);
  await expect(coordinator).toHaveText('デモ コーディネーター');
  expect(await app.seriousAccessibilityViolations()).toEqual([]);

  await row.getByRole('checkbox').check();
  await page.getByLabel('新しい担当').selectOption({ label: '担当なし' });
  await page.getByRole('button', { name: '担当を変更' }).click();
  await expect(page.getByText('1 件の担当を変更しました。')).toBeVisible();
  // Read again and written again in the browser, without a page load.
  await expect(coordinator).toHaveText('担当なし');
  await expect(page).toHaveURL(new RegExp(`/cases\\?q=${digits}$`));
  expect(errors).toEqual([]);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the case list filters with a plain form and keeps the filter in the address', async ({ page }) => {
    const app = new AppPage(page);
    await app.signIn('manager');
    await app.goto('/cases');
    await expect(app.heading).toHaveText('ケース一覧');
    await page.getByLabel('段階').selectOption({ label: '支援中' });
    await page.getByRole('button', { name: '絞り込む' }).click();
    await expect(page).toHaveURL(/stage=supporting/);
    const stages = page.locator('tbody .stage');
    await expect(stages.first()).toHaveText('支援中');
    expect(new Set(await stages.allTextContents())).toEqual(new Set(['支援中']));
    await page.getByRole('link', { name: 'ケース番号' }).click();
    await expect(page).toHaveURL(/sort=number/);
    await expect(page).toHaveURL(/stage=supporting/);
  });
});
