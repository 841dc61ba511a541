// The change streams panel: off on the shared server; on a server of its own with the stream on,
// each market's stream length and the readers subscribed to the updates channel.
import { test, expect } from './support/fixtures';
import { parseFigure, shotPath } from './support/dashboard';
import { startStack, type Stack } from './support/stack';
import { subscribe } from './support/subscriber';

let stack: Stack | undefined;
test.afterAll(async () => { await stack?.stop(); });

test('with the stream off the panel says how to turn it on', async ({ page }) => {
  await page.goto('/');
  const panel = page.getByTestId('streams-panel');
  await expect(panel.getByTestId('streams-mode')).toContainText('off');
  await expect(panel).toContainText('STREAM=snapshot');
  await expect(panel.getByTestId('stream-length')).toHaveCount(0);
});

test('stream lengths per market and readers subscribed, as Redis counts them', async ({ page }) => {
  stack = await startStack({ STREAM: 'snapshot', STREAM_MAX_LEN: '200' });
  await page.goto(stack.baseURL);
  const panel = page.getByTestId('streams-panel');
  await expect(panel.getByTestId('streams-mode')).toContainText('snapshot · maxLen 200');
  const lengths = panel.getByTestId('stream-length');
  await expect(lengths).toHaveCount(45);
  await expect.poll(async () => Math.min(...(await lengths.locator('strong').allInnerTexts()).map(parseFigure)), { message: 'every stream has entries' })
    .toBeGreaterThan(0);
  await expect.poll(async () => parseFigure(await panel.getByTestId('streams-entries').innerText())).toBeGreaterThan(45);

  const readers = panel.getByTestId('streams-readers').locator('strong');
  await expect(readers).toHaveText('0');
  const channel = 'ob:updates:lighter';
  const close = [await subscribe(stack.redis.port, channel), await subscribe(stack.redis.port, channel)];
  await expect(readers).toHaveText('2');
  close.pop()!();
  await expect(readers).toHaveText('1');
  await panel.scrollIntoViewIfNeeded();
  await page.screenshot({ path: shotPath('streams.png'), fullPage: true });
  await panel.screenshot({ path: shotPath('streams-panel.png') });
  close.pop()!();
});
