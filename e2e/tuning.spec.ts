// Changes settings, so it runs against a server of its own.
import { test, expect } from '@playwright/test';
import { shotPath, tileValue } from './support/dashboard';
import { rateProbe } from './support/redis';
import { startStack, type Stack } from './support/stack';

let stack: Stack;
test.beforeAll(async () => { stack = await startStack(); });
test.afterAll(async () => { await stack?.stop(); });

test('a longer batch interval applied in the UI lowers the Redis write rate', async ({ page }) => {
  await page.goto(stack.baseURL);
  const field = page.getByTestId('field-batchIntervalMs');
  const input = field.getByRole('spinbutton');
  await expect(input).toHaveValue('100');

  let shownBefore = 0;
  await expect.poll(async () => (shownBefore = await tileValue(page, 'snapshots'))).toBeGreaterThan(20);
  const publish = rateProbe(stack.redis.port, 'publish');
  let publishBefore = 0;
  await expect.poll(async () => (publishBefore = (await publish.rate()) ?? 0)).toBeGreaterThan(3);

  await input.fill('1000');
  await page.getByRole('button', { name: /^Apply/ }).click();
  await expect(page.getByTestId('current-settings')).toContainText('interval 1000 ms');
  await expect(page.getByTestId('last-change')).toContainText('batchIntervalMs');

  await expect.poll(() => tileValue(page, 'snapshots'), { message: 'the shown write rate drops' }).toBeLessThan(shownBefore / 2);
  publish.reset();
  await expect.poll(async () => (await publish.rate()) ?? Infinity, { message: 'Redis sees fewer PUBLISH' })
    .toBeLessThan(publishBefore / 2);
  await page.screenshot({ path: shotPath('tuning.png'), fullPage: true });
});

test('out-of-range values show the server\'s message beside the field', async ({ page }) => {
  await page.goto(stack.baseURL);
  const field = page.getByTestId('field-batchIntervalMs');
  const input = field.getByRole('spinbutton');
  await expect(input).not.toHaveValue('');

  for (const bad of ['0', '20000']) {
    await input.fill(bad);
    await page.getByRole('button', { name: /^Apply/ }).click();
    await expect(field.getByTestId('field-error')).toContainText(`batchIntervalMs must be an integer from 1 to 10000 (got ${bad})`);
  }
  await expect(page.getByTestId('current-settings')).not.toContainText('interval 20000');
  await field.scrollIntoViewIfNeeded();
  await page.screenshot({ path: shotPath('tuning-error.png') });
});

test('a change by another operator shows up without clobbering unsaved edits', async ({ page, browser }) => {
  await page.goto(stack.baseURL);
  const depth = page.getByTestId('field-depth').getByRole('spinbutton');
  const staleness = page.getByTestId('field-maxStalenessMs').getByRole('spinbutton');
  await expect(depth).not.toHaveValue('');
  const depthBefore = await depth.inputValue();
  await staleness.fill('4321'); // unsaved edit in this tab

  const other = await browser.newPage();
  await other.goto(stack.baseURL);
  const otherDepth = other.getByTestId('field-depth').getByRole('spinbutton');
  await expect(otherDepth).toHaveValue(depthBefore);
  await otherDepth.fill(depthBefore === '25' ? '26' : '25');
  await other.getByRole('button', { name: /^Apply/ }).click();
  const applied = await otherDepth.inputValue();
  await expect(other.getByTestId('current-settings')).toContainText(`depth ${applied}`);
  await other.close();

  await expect(page.getByTestId('current-settings')).toContainText(`depth ${applied}`);
  await expect(depth).toHaveValue(applied);
  await expect(staleness).toHaveValue('4321');
});
