import { test, expect } from './support/fixtures';
import { parseFigure, shotPath } from './support/dashboard';

test('a market opens its book: asks above bids, positive spread, and the Redis copy matches', async ({ page }) => {
  await page.goto('/');
  const row = page.getByTestId('market-row').first();
  const symbol = await row.getAttribute('data-symbol');
  await row.click();
  await expect(page).toHaveURL(new RegExp(`/markets/${symbol}$`));
  await expect(page.getByRole('heading', { name: symbol ?? '' })).toBeVisible();

  const ladder = page.getByTestId('memory-ladder');
  const asks = ladder.getByTestId('ask-row');
  const bids = ladder.getByTestId('bid-row');
  await expect(asks.first()).toBeVisible();
  await expect(bids.first()).toBeVisible();

  const bestAskBox = await asks.last().boundingBox();
  const bestBidBox = await bids.first().boundingBox();
  expect(bestAskBox!.y).toBeLessThan(bestBidBox!.y);
  const askPrices = (await asks.evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-price')))));
  expect(askPrices).toEqual([...askPrices].sort((a, b) => b - a)); // highest on top, best ask next to the spread
  const bidPrices = (await bids.evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-price')))));
  expect(bidPrices).toEqual([...bidPrices].sort((a, b) => b - a));
  expect(askPrices[askPrices.length - 1]!).toBeGreaterThan(bidPrices[0]!);
  await expect.poll(async () => parseFigure(await ladder.getByTestId('spread').innerText())).toBeGreaterThan(0);
  await expect(page.getByTestId('depth-chart').locator('.recharts-area-area')).toHaveCount(2);

  await page.getByTestId('redis-toggle').check();
  const redis = page.getByTestId('redis-panel');
  await expect(redis.getByTestId('redis-ladder').getByTestId('ask-row').first()).toBeVisible();
  await expect(redis).toContainText(`book:`);
  await expect(page.getByTestId('redis-match')).toHaveAttribute('data-state', 'match');
  await page.screenshot({ path: shotPath('book.png'), fullPage: true });
});
