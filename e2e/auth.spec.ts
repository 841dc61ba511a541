// A server started with ADMIN_TOKEN: changes need the token, which the UI asks for on 401.
import { test, expect } from '@playwright/test';
import { startStack, type Stack } from './support/stack';

const TOKEN = 'e2e-admin-token';
let stack: Stack;
test.beforeAll(async () => { stack = await startStack({ ADMIN_TOKEN: TOKEN }); });
test.afterAll(async () => { await stack?.stop(); });

test('Apply without a token asks for it; the right token applies and is kept for the tab', async ({ page }) => {
  await page.goto(stack.baseURL);
  await expect(page.getByTestId('tuning')).toContainText('changes need the admin token');
  const depth = page.getByTestId('field-depth').getByRole('spinbutton');
  await expect(depth).toHaveValue('50');

  await depth.fill('20');
  await page.getByRole('button', { name: /^Apply/ }).click();
  const prompt = page.getByTestId('token-prompt');
  await expect(prompt).toBeVisible();
  await expect(page.getByTestId('current-settings')).toContainText('depth 50');

  await prompt.getByLabel(/admin token/i).fill('wrong-token');
  await prompt.getByRole('button', { name: 'Apply with token' }).click();
  await expect(prompt).toContainText('not accepted');
  await expect(page.getByTestId('current-settings')).toContainText('depth 50');

  await prompt.getByLabel(/admin token/i).fill(TOKEN);
  await prompt.getByRole('button', { name: 'Apply with token' }).click();
  await expect(page.getByTestId('current-settings')).toContainText('depth 20');
  await expect(page.getByTestId('last-change')).toContainText('token holder');
  await expect(prompt).toBeHidden();

  // Kept in sessionStorage: the next change in this tab goes straight through.
  await page.reload();
  const depthAgain = page.getByTestId('field-depth').getByRole('spinbutton');
  await expect(depthAgain).toHaveValue('20');
  await depthAgain.fill('30');
  await page.getByRole('button', { name: /^Apply/ }).click();
  await expect(page.getByTestId('current-settings')).toContainText('depth 30');
  await expect(page.getByTestId('token-prompt')).toBeHidden();
});
