// Five simulated venues in one server (the default demo, with the change stream on and RECORD
// set): a pill per venue, the venue filter narrowing tiles, charts, the markets table and every
// panel (connections, streams, record & replay, fleet), a venue's book page with its switch to
// the other venues' markets of the instrument, and the cross-venue view of one instrument with
// every venue's best bid and ask side by side.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { linePoints, shotPath, tileValue } from './support/dashboard';
import { startStack, type Stack } from './support/stack';

const VENUES = ['lighter', 'hyperliquid', 'bybit', 'binance-usdm', 'okx'];
// Five venues and a browser on a shared 2-core machine: be patient, never sleep.
test.describe.configure({ timeout: 300_000 });
const slow = { timeout: 60_000 };
const record = mkdtempSync(join(tmpdir(), 'ob-e2e-venues-'));
let stack: Stack;
test.beforeAll(async () => {
  test.setTimeout(180_000);
  stack = await startStack({ SOURCE: VENUES.map((v) => `sim-${v}`).join(','), STREAM: 'snapshot', RECORD: record });
});
test.afterAll(async () => { await stack?.stop(); rmSync(record, { recursive: true, force: true }); });
const venuesOf = (rows: import('@playwright/test').Locator) => rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-venue')));

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
  // The book's venue switch: BTC perps of every venue, this one current; another venue's opens
  // its book, and "← Overview" goes back to the filtered overview it came from.
  const venueSwitch = page.getByTestId('book-venue-switch');
  await expect.poll(async () => [...new Set(await venuesOf(venueSwitch.getByRole('link')))].sort(), slow).toEqual([...VENUES].sort());
  await expect(venueSwitch.locator('[aria-current="page"]')).toHaveText('bybit BTCUSDT');
  await page.screenshot({ path: shotPath('book-venue-switch.png'), fullPage: true });
  await venueSwitch.locator('a[data-venue="binance-usdm"]').click();
  await expect(page).toHaveURL(/\/venues\/binance-usdm\/markets\/BTCUSDT$/, slow);
  await expect(page.getByTestId('book-venue')).toHaveText('binance-usdm', slow);
  await expect(page.getByTestId('book-meta')).toContainText('binance-usdm', slow);
  await page.getByTestId('book-back').click();
  await expect(page).toHaveURL(/\/\?venue=bybit$/, slow);
  await page.locator('[data-testid="market-row"][data-venue="bybit"][data-symbol="BTCUSDT"]').click();
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

test('every panel follows the venue filter: connections, streams, record & replay and fleet', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(stack.baseURL);
  // All venues: each panel a row per venue.
  const connections = page.getByTestId('connections-panel');
  const streams = page.getByTestId('streams-panel');
  const capture = page.getByTestId('capture-panel');
  const fleet = page.getByTestId('fleet-panel');
  await expect.poll(() => venuesOf(connections.getByTestId('feed-venue-row')), slow).toEqual(VENUES);
  await expect.poll(() => venuesOf(streams.getByTestId('streams-venue-row')), slow).toEqual(VENUES);
  await expect.poll(() => venuesOf(capture.getByTestId('capture-venue-row')), slow).toEqual(VENUES);
  await expect(capture.getByTestId('recording-pill')).toBeVisible(slow);
  await expect(capture.getByTestId('capture-venue-row').first()).toContainText('capture-000001.obcap.gz', slow);
  await expect(fleet.getByTestId('fleet-venues').first()).toHaveText('5 venues', slow);
  // At 1280 px the markets table, venue column and all, fits without scrolling sideways.
  const table = page.getByTestId('markets-table');
  await expect(page.getByTestId('market-row').first()).toBeVisible(slow);
  expect(await table.evaluate((t) => t.parentElement!.scrollWidth <= t.parentElement!.clientWidth)).toBe(true);
  await connections.scrollIntoViewIfNeeded();
  await page.screenshot({ path: shotPath('venue-panels-all.png'), fullPage: true });

  // A venue's name in a panel's table filters every panel to it.
  await connections.locator('[data-testid="venue-pick"][data-venue="okx"]').click();
  await expect(page).toHaveURL(/[?&]venue=okx/, slow);
  const rows = page.getByTestId('market-row');
  await expect.poll(async () => [...new Set(await venuesOf(rows))], slow).toEqual(['okx']);
  const n = await rows.count();
  for (const panel of [connections, streams, capture]) {
    await expect(panel).toHaveAttribute('data-venue', 'okx', slow);
    await expect(panel.getByTestId('panel-venue')).toHaveText('okx');
  }
  await expect(connections.getByTestId('feed-markets').locator('strong')).toHaveText(`${n} of ${n}`, slow);
  await expect(connections.getByTestId('feed-connection').first()).toBeVisible();
  const lengths = streams.getByTestId('stream-length');
  await expect(lengths).toHaveCount(n, slow);
  expect((await lengths.evaluateAll((els) => els.map((e) => e.getAttribute('title') ?? ''))).every((key) => key.startsWith('ob:stream:okx:'))).toBe(true);
  await expect(streams).toContainText('ob:updates:okx');
  await expect(capture.getByTestId('recording')).toContainText(join(record, 'okx'), slow);
  await expect.poll(async () => Number((await capture.getByTestId('capture-frames').locator('strong').innerText()).replace(/\D/g, '')), slow).toBeGreaterThan(0);
  await expect(fleet.getByTestId('fleet-venue-note')).toContainText('okx');
  await expect(fleet.locator('[data-testid="fleet-row"][data-other-venue="false"]')).toHaveCount(1);
  await expect(page.getByTestId('tile-cpu')).toContainText('whole process');
  await page.screenshot({ path: shotPath('venue-filter-panels.png'), fullPage: true });
  for (const [id, panel] of [['connections', connections], ['streams', streams], ['capture', capture], ['fleet', fleet]] as const) {
    await panel.screenshot({ path: shotPath(`venue-filter-${id}.png`) });
  }

  // A venue's pill in the header is a link to that venue alone, from any page.
  await page.getByTestId('status-feed-bybit').click();
  await expect(page).toHaveURL(/[?&]venue=bybit/, slow);
  await expect(connections).toHaveAttribute('data-venue', 'bybit', slow);
  await expect.poll(async () => [...new Set(await venuesOf(rows))], slow).toEqual(['bybit']);
  await expect(page.getByTestId('venue-filter').getByRole('button', { name: 'bybit', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('status-feed-bybit')).toHaveAttribute('aria-current', 'true');
  await expect(page.getByTestId('status-feed-okx')).not.toHaveAttribute('aria-current', 'true');
});
