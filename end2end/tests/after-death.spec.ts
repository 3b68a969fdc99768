import { test, expect } from '@playwright/test';
import { AppPage } from './fixtures/app-page';
import { logConsultationOpeningACase, uniquePerson } from './fixtures/cases';
import { registerGuardian, selectByText } from './fixtures/guardians';

test("after the person's death the case records the after-death affairs", async ({ page }) => {
  test.setTimeout(120_000);
  const app = new AppPage(page);
  await app.signIn('coordinator');
  const citizen = uniquePerson();
  citizen.name = citizen.name.replace('試験', '死後');
  await registerGuardian(page, app, '市民後見人', citizen, true);
  await logConsultationOpeningACase(page, app, uniquePerson());
  // No after-death section while the person lives.
  await expect(page.getByRole('region', { name: '死後事務' })).toHaveCount(0);
  await page.locator('#appoint-details summary').click();
  await page.locator('#appoint-decided-on').fill('2026-03-02');
  await page.locator('#appoint-effective-on').fill('2026-03-20');
  await selectByText(page, 'appoint-guardian-1', citizen.name);
  await page.locator('#appoint-form').getByRole('button', { name: '選任を記録' }).click();
  const active = page.locator('#active-appointments li').first();
  await expect(active).toContainText(citizen.name.replace(' ', '　'));

  // The appointment ends with the person's death.
  await active.getByText('終了を記録する').click();
  await active.getByLabel('終了日').fill('2026-05-10');
  await active.getByLabel('終了事由').selectOption({ label: '本人死亡' });
  await active.getByRole('button', { name: '終了を記録' }).click();
  const affairs = page.getByRole('region', { name: '死後事務' });
  await expect(affairs.locator('#date-of-death')).toContainText('2026');
  await app.waitForHydration();

  // The funeral contract needs the court's permission first.
  await affairs.getByText('死後事務を記録する').click();
  await affairs.getByLabel('事務の内容').selectOption({ label: '火葬・埋葬に関する契約' });
  await affairs.getByLabel('実施日').fill('2026-05-14');
  await affairs.getByRole('button', { name: '記録する' }).click();
  await expect(page.locator('#after-death-permission-error')).toContainText('家庭裁判所の許可が必要です');
  await affairs.getByLabel('家庭裁判所の許可日').fill('2026-05-13');
  await affairs.getByLabel('メモ').fill('葬儀社と火葬の契約');
  await affairs.getByRole('button', { name: '記録する' }).click();
  await expect(page.getByText('死後事務を記録しました。')).toBeVisible();
  await expect(page.locator('#after-death-affairs')).toContainText('葬儀社と火葬の契約');
  expect(await app.seriousAccessibilityViolations()).toEqual([]);
});
