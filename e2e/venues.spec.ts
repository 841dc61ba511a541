// Five simulated venues in one server (the default demo): a pill per venue, the venue filter
// narrowing tiles, charts and the markets table, a venue's book page, and the cross-venue view
// of one instrument with every venue's best bid and ask side by side.
import { test, expect } from '@playwright/test';
import { linePoints, shotPath, tileValue } from './support/dashboard';
import { startStack, type Stack } from './support/stack';

const VENUES = ['lighter', 'hyperliquid', 'bybit', 'binance-usdm', 'okx'];
// Five venues and a browser on a shared 2-core machine: be patient, never sleep.
test.describe.configure({ timeout: 300_000 });
const slow = { timeout: 60_000 };
let stack: Stack;
test.beforeAll(async () => { test.setTimeout(180_000); stack = await startStack({ SOURCE: VENUES.map((v) => `sim-${v}`).join(',') }); });
test.afterAll(async () => { await stack?.stop(); });

test('one pill per venue, and the venue filter narrows tiles, charts and markets to that venue', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.goto(stack.baseURL);
  for (const v of VENUES) await expect(page.getByTestId(`status-feed-${v}`)).toContainText('connected', slow);
  const rows = page.getByTestId('market-row');
  await expect.poll(async () => new Set(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-venue')))).size).toBe(VENUES.length);
  await expect.poll(() => tileValue(page, 'messages'), slow).toBeGreaterThan(0);
  const allMessages = await tileValue(page, 'messages');

  const filter = page.getByTestId('venue-filter');
  await filter.getByRole('button', { name: 'okx', exact: true }).click();
  await expect(page).toHaveURL(/[?&]venue=okx/, slow);
  await expect(page.getByTestId('venue-filter-note')).toContainText('okx', slow);
  await expect.poll(async () => [...new Set(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-venue'))))], slow).toEqual(['okx']);
  await expect(page.getByTestId('market-venue')).toHaveCount(0, slow); // one venue: no venue column
  // One venue's figures: fewer messages than all five together, and a chart of its own history.
  await expect.poll(() => tileValue(page, 'messages'), slow).toBeGreaterThan(0);
  expect(await tileValue(page, 'messages')).toBeLessThan(allMessages * 2);
  await expect.poll(() => linePoints(page, 'rates'), slow).toBeGreaterThan(2);
  await page.screenshot({ path: shotPath('venue-filter.png'), fullPage: true });

  await filter.getByRole('button', { name: 'All venues' }).click();
  await expect(page).not.toHaveURL(/venue=/, slow);
  await expect(page.getByTestId('market-venue').first()).toBeVisible(slow);
  await page.screenshot({ path: shotPath('venues-all.png'), fullPage: true });
  await expect.poll(async () => new Set(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-venue')))).size).toBe(VENUES.length);
});

test('a venue\'s market opens its own book; the cross-venue view shows each venue\'s best bid and ask', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(`${stack.baseURL}/?venue=bybit`);
  const row = page.locator('[data-testid="market-row"][data-venue="bybit"][data-symbol="BTCUSDT"]');
  await row.click();
  await expect(page).toHaveURL(/\/venues\/bybit\/markets\/BTCUSDT$/, slow);
  await expect(page.getByTestId('book-venue')).toHaveText('bybit', slow);
  await expect(page.getByTestId('book-meta')).toContainText('bybit', slow);
  await expect(page.getByTestId('memory-ladder').getByTestId('ask-row').first()).toBeVisible(slow);

  await page.getByRole('link', { name: 'BTC-USDT-PERP' }).click();
  await expect(page).toHaveURL(/\/instruments\/BTC-PERP$/, slow);
  const cross = page.getByTestId('cross-row');
  // BTC perps trade on every simulated venue.
  await expect.poll(async () => [...new Set(await cross.evaluateAll((els) => els.map((e) => e.getAttribute('data-venue'))))].sort(), slow).toEqual([...VENUES].sort());
  await expect(page.getByTestId('best-bid')).toHaveCount(1, slow);
  await expect(page.getByTestId('best-ask')).toHaveCount(1, slow);
  // The best bid is the highest bid of the table, the best ask the lowest ask.
  const read = () => page.getByTestId('cross-table').evaluate((t) => [...t.querySelectorAll('tbody tr')].map((r) => ({
    bid: Number(r.querySelector('td.bid')?.textContent), ask: Number(r.querySelector('td.ask')?.textContent),
    bestBid: r.querySelector('td.bid.best') !== null, bestAsk: r.querySelector('td.ask.best') !== null,
  })));
  await expect.poll(async () => (await read()).every((r) => Number.isFinite(r.bid) && Number.isFinite(r.ask)), slow).toBe(true);
  const quotes = await read();
  const bestBid = quotes.find((q) => q.bestBid)!;
  const bestAsk = quotes.find((q) => q.bestAsk)!;
  expect(bestBid.bid).toBe(Math.max(...quotes.map((q) => q.bid)));
  expect(bestAsk.ask).toBe(Math.min(...quotes.map((q) => q.ask)));
  await expect(page.getByTestId('cross-summary')).toContainText('Best bid', slow);
  await expect(page.getByTestId('cross-axis').locator('.cross-range')).toHaveCount(await cross.count(), slow);
  await page.screenshot({ path: shotPath('cross-venue.png'), fullPage: true });

  await page.getByTestId('cross-select').selectOption('ETH-PERP');
  await expect(page).toHaveURL(/\/instruments\/ETH-PERP$/, slow);
  await expect.poll(() => cross.count(), slow).toBeGreaterThan(1);
});
