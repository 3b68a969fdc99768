import { test, expect } from '@playwright/test';
import { AppPage } from './fixtures/app-page';
import { logConsultationOpeningACase, uniquePerson } from './fixtures/cases';
import { registerGuardian, selectByText } from './fixtures/guardians';

test("a coordinator records the court's first report date and fee petitions, and the deadlines follow", async ({ page }) => {
  test.setTimeout(120_000);
  const app = new AppPage(page);
  await app.signIn('coordinator');
  const citizen = uniquePerson();
  citizen.name = citizen.name.replace('試験', '報告');
  await registerGuardian(page, app, '市民後見人', citizen, true);
  await logConsultationOpeningACase(page, app, uniquePerson());
  await page.locator('#appoint-details summary').click();
  await page.locator('#appoint-decided-on').fill('2026-03-02');
  await page.locator('#appoint-effective-on').fill('2026-03-20');
  await selectByText(page, 'appoint-guardian-1', citizen.name);
  await page.locator('#appoint-form').getByRole('button', { name: '選任を記録' }).click();
  const active = page.locator('#active-appointments li').first();
  await expect(active).toContainText(citizen.name.replace(' ', '　'));
  await app.waitForHydration();

  // The form loads when opened; a date before the office began is refused.
  await active.getByText('報告の設定').click();
  const first = active.getByLabel('初回の定期報告日');
  await first.fill('2026-03-01');
  await active.getByRole('button', { name: '報告の設定を保存' }).click();
  await expect(active.locator('.field__problem').filter({ hasText: '効力発生日より後' })).toBeVisible();

  await first.fill('2026-12-25');
  await active.getByLabel('定期報告ごとに報酬付与の申立てを行う').check();
  expect(await app.seriousAccessibilityViolations()).toEqual([]);
  await active.getByRole('button', { name: '報告の設定を保存' }).click();
  const saved = page.locator('#active-appointments li').first();
  await expect(saved.locator('.reporting-summary')).toContainText('報酬付与の申立てあり');
  const deadlines = page.locator('#deadlines');
  await expect(deadlines.locator('li').filter({ hasText: '報酬付与の申立て' }).first()).toContainText('12月25日');
  await expect(deadlines.locator('li').filter({ hasText: '定期報告' }).first()).toContainText('12月25日');
});
