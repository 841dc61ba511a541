// Record & replay on the dashboard: a server recording its feed (RECORD, 1 MB parts) shows the
// part file, its size, frames and rotations; a server replaying that capture shows progress and
// speed until the capture has been played to its end.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from './support/fixtures';
import { parseFigure, shotPath } from './support/dashboard';
import { startStack, type Stack } from './support/stack';

const root = mkdtempSync(join(tmpdir(), 'ob-e2e-capture-'));
const dir = join(root, 'capture');
let stack: Stack | undefined;
test.afterEach(async () => { await stack?.stop(); stack = undefined; });
test.afterAll(() => rmSync(root, { recursive: true, force: true }));

test('without RECORD the panel says how to record and replay', async ({ page }) => {
  await page.goto('/');
  const panel = page.getByTestId('capture-panel');
  await expect(panel.getByTestId('capture-off')).toContainText('RECORD=<dir>');
  await expect(panel.getByTestId('capture-off')).toContainText('SOURCE=replay:<dir>');
});

test('recording: the part being written, its size, frames and rotations', async ({ page }) => {
  stack = await startStack({ RECORD: dir, RECORD_ROTATE_MB: '1', SIM_RATE: '8000' });
  await page.goto(stack.baseURL);
  const panel = page.getByTestId('capture-panel');
  await expect(panel.getByTestId('recording-pill')).toBeVisible();
  await expect(panel.getByTestId('recording')).toContainText(dir);
  await expect.poll(async () => parseFigure(await panel.getByTestId('capture-frames').locator('strong').innerText()), { message: 'frames recorded' })
    .toBeGreaterThan(1000);
  // 1 MB parts at 8,000 msg/s: the first rotation comes within seconds.
  await expect(panel.getByTestId('capture-rotations').locator('strong')).toContainText(/^[1-9]\d* · parts of 1\.0 MB$/, { timeout: 60_000 });
  await expect(panel.getByTestId('capture-file').locator('strong')).toHaveText(/^capture-0000(0[2-9]|[1-9]\d)\.obcap\.gz$/);
  await expect(panel.getByTestId('capture-size').locator('strong')).toContainText(/MB · [\d.]+× gzip/);
  await expect(panel.getByTestId('capture-dropped').locator('strong')).toHaveText('0');
  await panel.scrollIntoViewIfNeeded();
  await page.screenshot({ path: shotPath('capture-recording.png'), fullPage: true });
  await panel.screenshot({ path: shotPath('capture-recording-panel.png') });
});

test('replay: progress and speed, to the end of the capture', async ({ page }) => {
  stack = await startStack({ SOURCE: `replay:${dir}`, REPLAY_SPEED: '2' });
  await page.goto(stack.baseURL);
  const panel = page.getByTestId('capture-panel');
  await expect(panel.getByTestId('replay')).toContainText(dir);
  await expect(panel.getByTestId('capture-speed').locator('strong')).toHaveText('2×');
  await expect.poll(async () => parseFigure(await panel.getByTestId('capture-replayed').locator('strong').innerText()), { message: 'frames played' })
    .toBeGreaterThan(0);
  await panel.screenshot({ path: shotPath('capture-replay-playing.png') });
  await expect(panel.getByTestId('capture-state').locator('strong')).toContainText('ended', { timeout: 80_000 });
  await expect(panel.getByTestId('replay-progress')).toHaveText('100 %');
  await page.screenshot({ path: shotPath('capture-replay.png'), fullPage: true });
  await panel.screenshot({ path: shotPath('capture-replay-panel.png') });
});
