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

  // One read of the whole ladder: it re-renders up to 10 times a second.
  const rows = await ladder.evaluate((el) => [...el.querySelectorAll<HTMLElement>('.ladder-row')].map((r) => ({
    side: r.classList.contains('ask') ? 'ask' : 'bid',
    price: Number(r.dataset.price),
    y: r.getBoundingClientRect().top,
  })));
  const askRows = rows.filter((r) => r.side === 'ask');
  const bidRows = rows.filter((r) => r.side === 'bid');
  expect(askRows.length).toBeGreaterThan(0);
  expect(bidRows.length).toBeGreaterThan(0);
  expect(Math.max(...askRows.map((r) => r.y))).toBeLessThan(Math.min(...bidRows.map((r) => r.y))); // asks above bids
  const byY = (xs: typeof rows) => [...xs].sort((a, b) => a.y - b.y).map((r) => r.price);
  const descending = (xs: number[]) => [...xs].sort((a, b) => b - a);
  expect(byY(askRows)).toEqual(descending(byY(askRows))); // ascending upward: the best ask sits on the spread
  expect(byY(bidRows)).toEqual(descending(byY(bidRows)));
  expect(byY(askRows).at(-1)!).toBeGreaterThan(byY(bidRows)[0]!);
  await expect.poll(async () => parseFigure(await ladder.getByTestId('spread').innerText())).toBeGreaterThan(0);
  await expect(page.getByTestId('depth-chart').locator('.recharts-area-area')).toHaveCount(2);

  await page.getByTestId('redis-toggle').check();
  const redis = page.getByTestId('redis-panel');
  await expect(redis.getByTestId('redis-ladder').getByTestId('ask-row').first()).toBeVisible();
  await expect(redis).toContainText(`book:`);
  await expect(page.getByTestId('redis-match')).toHaveAttribute('data-state', 'match');
  await page.screenshot({ path: shotPath('book.png'), fullPage: true });
});
