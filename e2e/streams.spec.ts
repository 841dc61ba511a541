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

test('the stream settings in the tuning form: mode and length applied live', async ({ page }) => {
  stack ??= await startStack({ STREAM: 'snapshot', STREAM_MAX_LEN: '200' });
  await page.goto(stack.baseURL);
  const mode = page.getByTestId('field-stream').getByRole('combobox');
  const length = page.getByTestId('field-streamMaxLen').getByRole('spinbutton');
  await expect(mode).toHaveValue('snapshot');
  await expect(length).toHaveValue('200');
  await mode.selectOption('top');
  await length.fill('300');
  await page.getByRole('button', { name: 'Apply (2)' }).click();
  await expect(page.getByTestId('current-settings')).toContainText('stream top, 300');
  await expect(page.getByTestId('streams-panel').getByTestId('streams-mode')).toContainText('top · maxLen 300');
  await length.fill('50');
  await page.getByRole('button', { name: /^Apply/ }).click();
  await expect(page.getByTestId('field-streamMaxLen').getByTestId('field-error')).toContainText('streamMaxLen must be an integer from 100 to 1000000 (got 50)');
  const tuning = page.getByTestId('tuning');
  await tuning.scrollIntoViewIfNeeded();
  await tuning.screenshot({ path: shotPath('tuning-stream-fields.png') });
});
