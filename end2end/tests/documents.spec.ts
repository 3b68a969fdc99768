import { test, expect } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { AppPage } from './fixtures/app-page';
import { logConsultationOpeningACase, uniquePerson } from './fixtures/cases';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<< /Type /Catalog >>endobj\ntrailer<< /Root 1 0 R >>\n%%EOF\n');

test('a coordinator uploads a ruling, a disguised file is refused, and the download is the same file', async ({ page }) => {
  const app = new AppPage(page);
  await app.signIn('coordinator');
  await logConsultationOpeningACase(page, app, uniquePerson());
  const documents = page.getByRole('region', { name: '書類' });
  await expect(documents.getByText('書類はまだありません。')).toBeVisible();
  await documents.getByText('書類を登録する').click();
  await documents.getByLabel('種類', { exact: true }).selectOption({ label: '審判書' });
  await documents.getByLabel('表題').fill('後見開始の審判書');
  // A text file named .pdf: refused by its content, with a message under the file input.
  await documents.getByLabel('ファイル', { exact: true }).setInputFiles({
    name: '審判書.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('this is not a PDF at all'),
  });
  await documents.getByRole('button', { name: '登録する' }).click();
  await expect(page.locator('#document-file-error')).toHaveText('PDF、PNG、JPEG のファイルを選んでください（ファイルの中身で判定します）。');
  await expect(documents.locator('#documents')).toHaveCount(0);

  await documents.getByLabel('ファイル', { exact: true }).setInputFiles({ name: 'scan.pdf', mimeType: 'application/pdf', buffer: PDF });
  await documents.getByRole('button', { name: '登録する' }).click();
  await expect(documents.getByText('書類を登録しました。')).toBeVisible();
  const row = documents.locator('#documents tbody tr').filter({ hasText: '後見開始の審判書' });
  await expect(row).toContainText('v1');
  expect(await app.seriousAccessibilityViolations()).toEqual([]);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    row.getByRole('link', { name: '後見開始の審判書' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('後見開始の審判書.pdf');
  expect(await readFile(await download.path())).toEqual(PDF);
});
