import { test, expect } from '@playwright/test';
import { AppPage } from './fixtures/app-page';

test('a guardian asks the centre for help, a coordinator answers from the inbox and closes it', async ({ page, browser }) => {
  const subject = `報告書の収支欄について ${Date.now()}`;
  const guardian = new AppPage(page);
  await guardian.signIn('guardian');
  // The guardian's navigation: their own work and their questions, nothing of the centre's.
  await expect(guardian.sectionLink('私の担当')).toBeVisible();
  await expect(guardian.sectionLink('確認事項')).toHaveCount(0);
  await guardian.sectionLink('私の担当').click();
  await expect(page.locator('#my-cases tbody tr').first()).toBeVisible();
  await guardian.sectionLink('相談').click();
  await expect(guardian.heading).toHaveText('相談');
  await guardian.waitForHydration();
  const ask = page.getByRole('region', { name: 'センターに相談する' });
  // A question whose message is only blanks is refused with a message under the field.
  await ask.getByLabel('件名').fill(subject);
  await ask.getByLabel('対象のケース').selectOption({ index: 1 });
  await ask.getByLabel('内容').fill('   ');
  await ask.getByRole('button', { name: '送信する' }).click();
  await expect(page.locator('#support-body-error')).toHaveText('入力してください。');
  await ask.getByLabel('内容').fill('通帳の記帳が報告期限に間に合いません。どうすればよいですか。');
  await ask.getByRole('button', { name: '送信する' }).click();
  await expect(ask.getByText('送信しました。')).toBeVisible();
  const row = page.locator('#support-requests tbody tr').filter({ hasText: subject });
  await expect(row).toContainText('センターの回答待ち');
  expect(await guardian.seriousAccessibilityViolations()).toEqual([]);

  // A coordinator finds it in the inbox, next to the guardians not heard from, and answers.
  const centre = await browser.newContext();
  const coordinatorPage = await centre.newPage();
  const coordinator = new AppPage(coordinatorPage);
  await coordinator.signIn('coordinator');
  await coordinator.sectionLink('確認事項').click();
  await expect(coordinatorPage.locator('#inbox-quiet-list li').first()).toBeVisible();
  const waiting = coordinatorPage.locator('#inbox-support-list li').filter({ hasText: subject });
  await expect(waiting).toContainText('センターの回答待ち');
  await waiting.getByRole('link', { name: subject }).click();
  await expect(coordinator.heading).toHaveText(subject);
  await expect(coordinatorPage.locator('#support-messages')).toContainText('記帳が報告期限に間に合いません');
  await coordinator.waitForHydration();
  expect(await coordinator.seriousAccessibilityViolations()).toEqual([]);
  const answer = '記帳できた分までで提出し、残りは次回の報告に含めてください。';
  await coordinatorPage.getByRole('region', { name: '返信する' }).getByLabel('内容').fill(answer);
  await coordinatorPage.getByRole('region', { name: '返信する' }).getByRole('button', { name: '送信する' }).click();
  await expect(coordinatorPage.locator('#support-messages')).toContainText(answer);
  await expect(coordinatorPage.locator('#support-status')).toHaveText('センターが回答済み');

  // The guardian sees the answer from "my work".
  await guardian.sectionLink('私の担当').click();
  const mine = page.locator('#my-support li').filter({ hasText: subject });
  await expect(mine).toContainText('センターが回答済み');
  await mine.getByRole('link', { name: subject }).click();
  await expect(page.locator('#support-messages')).toContainText(answer);
  await expect(page.getByRole('button', { name: 'この相談を完了にする' })).toHaveCount(0);

  // The coordinator closes it; the guardian's thread takes no more replies.
  await coordinatorPage.getByRole('button', { name: 'この相談を完了にする' }).click();
  await expect(coordinatorPage.getByText('完了にしました。')).toBeVisible();
  await expect(coordinatorPage.locator('#support-status')).toHaveText('完了');
  await page.reload();
  await expect(page.locator('#support-closed-note')).toBeVisible();
  await expect(page.getByRole('region', { name: '返信する' })).toHaveCount(0);
  await centre.close();
});
