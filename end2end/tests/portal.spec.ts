import { test, expect } from '@playwright/test';
import { AppPage } from './fixtures/app-page';
import { logConsultationOpeningACase, uniquePerson } from './fixtures/cases';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<< /Type /Catalog >>endobj\ntrailer<< /Root 1 0 R >>\n%%EOF\n');

/** Today in Japan as an `<input type="date">` value. */
function japanToday(): string {
  return new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Tokyo' });
}

test('a citizen guardian opens their work, a case of theirs, logs a visit and marks a report sent', async ({ page }) => {
  const app = new AppPage(page);
  await app.signIn('guardian');
  // Only their own work in the navigation: none of the centre's lists.
  await expect(app.sectionLink('私の担当')).toBeVisible();
  await expect(app.sectionLink('ケース')).toHaveCount(0);
  await app.sectionLink('私の担当').click();
  await expect(app.heading).toHaveText('私の担当');
  const cases = page.locator('#my-cases tbody tr');
  await expect(cases.first()).toBeVisible();
  expect(await app.seriousAccessibilityViolations()).toEqual([]);

  const person = (await cases.first().getByRole('link').innerText()).trim();
  await cases.first().getByRole('link').click();
  await expect(page).toHaveURL(/\/my\/cases\/[0-9a-f-]{36}$/);
  await expect(app.heading).toContainText(person);
  await expect(page.getByRole('heading', { name: '私の選任' })).toBeVisible();
  await app.waitForHydration();
  expect(await app.seriousAccessibilityViolations()).toEqual([]);

  // Log a visit: a missing note is refused with a message, then the record is saved.
  const activities = page.getByRole('region', { name: '支援記録' });
  await activities.getByText('支援記録を追加する').click();
  await activities.getByLabel('種類', { exact: true }).selectOption({ label: '訪問・面会' });
  await activities.getByLabel('実施日').fill(japanToday());
  await activities.getByLabel('所要時間（分）').fill('40');
  await activities.getByRole('button', { name: '記録する' }).click();
  await expect(page.locator('#activity-notes-error')).toHaveText('入力してください。');
  await activities.getByLabel('内容', { exact: true }).fill('自宅を訪問。通帳の保管状況を確認した。');
  await activities.getByRole('button', { name: '記録する' }).click();
  await expect(page.getByText('支援記録を保存しました。')).toBeVisible();
  await expect(page.locator('#activities')).toContainText('通帳の保管状況を確認した。');

  // Mark the first open deadline as sent, when there is one; the guardian cannot extend it.
  const deadlines = page.locator('#deadlines');
  await expect(deadlines.getByText('期限の延長を記録する')).toHaveCount(0);
  const open = deadlines.locator('li').filter({ has: page.getByRole('button', { name: '完了にする' }) });
  if ((await open.count()) > 0) {
    const line = open.first();
    await line.getByLabel('完了日').fill(japanToday());
    await line.getByLabel('メモ').fill('郵送で提出');
    await line.getByRole('button', { name: '完了にする' }).click();
    await expect(deadlines).toContainText('郵送で提出');
  }

  // Keep a copy of the report sent: uploaded on their own case page, listed, downloadable.
  const documents = page.getByRole('region', { name: '書類' });
  await documents.getByText('書類を登録する').click();
  await documents.getByLabel('種類', { exact: true }).selectOption({ label: '報告書' });
  await documents.getByLabel('表題').fill('定期報告書（控え）');
  await documents.getByLabel('ファイル', { exact: true }).setInputFiles({ name: 'report.pdf', mimeType: 'application/pdf', buffer: PDF });
  await documents.getByRole('button', { name: '登録する' }).click();
  await expect(documents.getByText('書類を登録しました。')).toBeVisible();
  await expect(documents.locator('#documents tbody tr').filter({ hasText: '定期報告書（控え）' })).toContainText('v1');
  expect(await app.seriousAccessibilityViolations()).toEqual([]);
});

test('a coordinator records decision-making support on a case and sees it on the timeline', async ({ page }) => {
  const app = new AppPage(page);
  await app.signIn('coordinator');
  await logConsultationOpeningACase(page, app, uniquePerson());
  const activities = page.getByRole('region', { name: '支援記録' });
  await activities.getByText('支援記録を追加する').click();
  await activities.getByLabel('種類', { exact: true }).selectOption({ label: '意思決定支援' });
  await activities.getByLabel('実施日').fill(japanToday());
  await activities.getByRole('button', { name: '記録する' }).click();
  // The person's own wishes, the decision and who was there are required.
  await expect(page.locator('#activity-wishes-error')).toHaveText('入力してください。');
  await expect(page.locator('#activity-decided-error')).toHaveText('入力してください。');
  await activities.getByLabel('参加者・同席者').fill('本人、長男、ケアマネジャー');
  await activities.getByLabel('本人の意思・希望').fill('住み慣れた家で暮らしたい');
  await activities.getByLabel('検討した選択肢').fill('在宅サービスの追加 / 施設入所');
  await activities.getByLabel('決定内容').fill('訪問介護を週3回に増やす');
  await activities.getByRole('button', { name: '記録する' }).click();
  await expect(page.getByText('支援記録を保存しました。')).toBeVisible();
  await expect(page.locator('#activities')).toContainText('住み慣れた家で暮らしたい');
  await page.reload();
  await expect(page.locator('#timeline')).toContainText('訪問介護を週3回に増やす');
  expect(await app.seriousAccessibilityViolations()).toEqual([]);
});

test("a coordinator's inbox lists what needs doing and leads to the case", async ({ page }) => {
  const app = new AppPage(page);
  await app.signIn('coordinator');
  await app.sectionLink('確認事項').click();
  await expect(app.heading).toHaveText('確認事項');
  await expect(page.getByRole('heading', { name: /^報告期限（期限超過と30日以内）/ })).toBeVisible();
  await expect(page.getByRole('heading', { name: /^連絡の記録がない市民後見人/ })).toBeVisible();
  await expect(page.getByText('30日を超えて')).toBeVisible();
  // The demo data has overdue court deadlines in the coordinator's office.
  const deadlines = page.locator('#open-deadlines tbody tr');
  await expect(deadlines.first()).toBeVisible();
  const number = (await deadlines.first().locator('td:nth-child(4)').innerText()).trim();
  await deadlines.first().getByRole('link').click();
  await expect(app.heading).toContainText(number);
});
