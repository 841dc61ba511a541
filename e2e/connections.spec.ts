// The Connections panel: on a server of its own with 10 markets a connection, the 45 simulated
// markets sit on 5 connections, every one open and live, the subscribe budget read from the feed.
import { test, expect } from './support/fixtures';
import { parseFigure, shotPath } from './support/dashboard';
import { startStack, type Stack } from './support/stack';

let stack: Stack | undefined;
test.afterAll(async () => { await stack?.stop(); });

test('connections: markets each, state, age, reconnects; budget and venue errors', async ({ page }) => {
  stack = await startStack({ MARKETS_PER_CONNECTION: '10' });
  await page.goto(stack.baseURL);
  const panel = page.getByTestId('connections-panel');
  await expect(panel).toContainText('lighter · 10 markets a connection');
  const rows = panel.getByTestId('feed-connection');
  await expect(rows).toHaveCount(5);
  await expect(panel.getByTestId('feed-open').locator('strong')).toHaveText('5 of 5');
  await expect(panel.getByTestId('feed-markets').locator('strong')).toHaveText('45 of 45');
  const markets = await rows.locator('td:nth-child(3)').allInnerTexts();
  assert45(markets.map(Number));
  for (const r of await rows.all()) await expect(r.locator('td').nth(1)).toHaveText('open');
  // Ages move: read one, then wait for a later one.
  const age = () => rows.first().locator('td').nth(4).innerText();
  const first = await age();
  await expect.poll(async () => (await age()) !== first, { message: 'connection age advances' }).toBe(true);
  // The budget is 80 % of the venue's 200 a minute, and what was sent stays inside it.
  const [used, budget] = (await panel.getByTestId('feed-messages').locator('strong').innerText()).split('/').map(parseFigure);
  expect(budget).toBe(160);
  expect(used).toBeLessThanOrEqual(budget!);
  await expect(panel.getByTestId('feed-no-errors')).toBeVisible();
  await expect(panel.getByTestId('feed-stuck').locator('strong')).toHaveText('0');
  await expect(panel.getByTestId('feed-stuck-market')).toHaveCount(0);
  await panel.scrollIntoViewIfNeeded();
  await page.screenshot({ path: shotPath('connections.png'), fullPage: true });
  await panel.screenshot({ path: shotPath('connections-panel.png') });
});

function assert45(counts: number[]) {
  expect(counts).toEqual([10, 10, 10, 10, 5]);
}
