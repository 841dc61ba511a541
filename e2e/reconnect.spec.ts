// Kills the backend, so it runs against a server of its own.
import { test, expect } from '@playwright/test';
import { shotPath, tilesText, tileValue } from './support/dashboard';
import { startStack, type Stack } from './support/stack';

let stack: Stack;
test.beforeAll(async () => { stack = await startStack(); });
test.afterAll(async () => { await stack?.stop(); });

test('a dead backend shows "reconnecting", and the page recovers when it returns', async ({ page }) => {
  await page.goto(stack.baseURL);
  await expect(page.getByTestId('status-feed')).toContainText('connected');
  await expect.poll(() => tileValue(page, 'messages')).toBeGreaterThan(0);

  await stack.server.kill();
  const banner = page.getByTestId('link-banner');
  await expect(banner).toContainText('Reconnecting');
  await expect(page.getByTestId('status-feed')).toContainText('unknown');
  await page.screenshot({ path: shotPath('reconnecting.png') });

  await stack.server.start(); // same port
  await expect(banner).toBeHidden();
  await expect(page.getByTestId('status-feed')).toContainText('connected');
  const after = await tilesText(page);
  await expect.poll(() => tilesText(page), { message: 'live figures again' }).not.toBe(after);
  await expect.poll(() => tileValue(page, 'messages')).toBeGreaterThan(0);
});
