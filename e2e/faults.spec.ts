// Issue 19 on the dashboard: a venue that snapshots only some markets (one of them crossed)
// against a server of its own. The header says "not ready" with the reason, then "ready" once
// enough books are in Redis; the markets table marks "no book yet" (with its age) and "crossed".
import { test, expect } from './support/fixtures';
import { shotPath } from './support/dashboard';
import { startStack, type Stack } from './support/stack';
import { bookFrame, startScriptedVenue, type ScriptedVenue } from '../tests/support/scripted-venue';

const MARKETS = Array.from({ length: 10 }, (_, i) => ({ id: i, symbol: `S${i}` }));
let stack: Stack | undefined;
let venue: ScriptedVenue | undefined;
test.afterAll(async () => { await stack?.stop(); await venue?.close(); });

test('not ready until books flow, then ready; a market never snapshotted and a crossed one are marked', async ({ page }) => {
  venue = await startScriptedVenue(MARKETS);
  const subscribed = venue.nextSubscribed();
  stack = await startStack({ SOURCE: 'lighter', LIGHTER_WS_URL: venue.wsUrl, LIGHTER_REST_URL: venue.restUrl });
  // The venue sends nothing on its own, so the feed's silence watchdog may reconnect it: the
  // books go to whichever connection subscribed last, and again to each new one.
  let ws = await subscribed;
  let snapshotting = false;
  const sendBooks = () => {
    for (let id = 0; id < 9; id++) ws.send(bookFrame('subscribed/order_book', id, 10, 10, [[id === 3 ? '101.00' : '99.00', '1']], [['100.00', '2']]));
  };
  void (async () => {
    for (;;) { ws = await venue!.nextSubscribed(); if (snapshotting) sendBooks(); }
  })();
  await page.goto(stack.baseURL);
  const ready = page.getByTestId('status-ready');
  await expect(ready).toContainText('not ready');
  await expect(ready).toContainText('0 of 10 markets have a book in Redis');
  await expect(page.getByTestId('market-no-book')).toHaveCount(10);
  await page.screenshot({ path: shotPath('faults-not-ready.png') });

  snapshotting = true;
  sendBooks();
  await expect(ready).toContainText('ready');
  await expect(ready).not.toContainText('not ready');
  await expect(ready).toContainText('9/10 books in Redis');
  const noBook = page.getByTestId('market-no-book');
  await expect(noBook).toHaveCount(1);
  await expect(page.locator('[data-testid="market-row"][data-symbol="S9"]').getByTestId('market-no-book')).toContainText(/no book yet · \d+/);
  await expect(page.locator('[data-testid="market-row"][data-symbol="S3"]').getByTestId('market-crossed')).toHaveText('crossed');
  await expect(page.getByTestId('market-crossed')).toHaveCount(1);
  await page.getByTestId('market-row').first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: shotPath('faults-ready.png'), fullPage: true });
});
