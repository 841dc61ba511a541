import { test, expect } from './support/fixtures';
import { linePoints, shotPath, tilesText, tileValue } from './support/dashboard';

test('tiles show live, changing figures and the charts draw points', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('status-feed')).toContainText('connected');
  await expect(page.getByTestId('status-redis')).toContainText('writable');

  for (const id of ['messages', 'snapshots', 'pipelines', 'compression', 'rss', 'cpu']) {
    await expect.poll(() => tileValue(page, id), { message: `tile ${id}` }).toBeGreaterThan(0);
  }
  const before = await tilesText(page);
  await expect.poll(() => tilesText(page), { message: 'the figures change' }).not.toBe(before);

  await expect.poll(() => linePoints(page, 'rates')).toBeGreaterThan(3);
  const points = await linePoints(page, 'rates');
  await expect.poll(() => linePoints(page, 'rates'), { message: 'the chart moves' }).toBeGreaterThan(points);
  for (const id of ['compression', 'latency', 'resources']) {
    await expect.poll(() => linePoints(page, id), { message: `chart ${id}` }).toBeGreaterThan(3);
  }
  await expect(page.getByTestId('market-row').first()).toBeVisible();
  await page.screenshot({ path: shotPath('overview.png'), fullPage: true });

  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('html')).toHaveCSS('background-color', 'rgb(14, 17, 22)');
  await page.screenshot({ path: shotPath('overview-dark.png'), fullPage: true });
});
