import { test, expect } from './support/fixtures';
import { linePoints, shotPath, tileValue } from './support/dashboard';

test.use({ viewport: { width: 390, height: 844 }, colorScheme: 'dark' });

const fits = () => document.documentElement.scrollWidth <= window.innerWidth;

test('the overview fits a 390 px screen without sideways scrolling', async ({ page }) => {
  await page.goto('/');
  await expect.poll(() => tileValue(page, 'messages')).toBeGreaterThan(0);
  await expect.poll(() => linePoints(page, 'rates')).toBeGreaterThan(3);
  await expect(page.getByTestId('market-row').first()).toBeVisible();
  expect(await page.evaluate(fits)).toBe(true);
  await page.screenshot({ path: shotPath('narrow.png'), fullPage: true });

  await page.getByTestId('market-row').first().click();
  await expect(page.getByTestId('memory-ladder').getByTestId('bid-row').first()).toBeVisible();
  await page.getByTestId('redis-toggle').check();
  await expect(page.getByTestId('redis-panel')).toBeVisible();
  expect(await page.evaluate(fits)).toBe(true);
  await page.screenshot({ path: shotPath('narrow-book.png'), fullPage: true });
});
