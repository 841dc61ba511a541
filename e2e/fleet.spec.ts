// The fleet panel: three shards (SHARD=i/3) on one Redis, each with its own dashboard. The
// dashboard of any one lists all three with their figures and the totals; when one is killed it
// names it and the shard left uncovered.
import { startRedis, type TestRedis } from '@ob/testkit';
import { test, expect } from './support/fixtures';
import { shotPath } from './support/dashboard';
import { assertWebBuilt, createServer, type ServerProcess } from './support/server';

let redis: TestRedis | undefined;
const shards: ServerProcess[] = [];
test.afterAll(async () => {
  await Promise.all(shards.map((s) => s.kill()));
  await redis?.stop();
});

test('every instance of a sharded fleet, and the one that stopped reporting', async ({ page }) => {
  test.setTimeout(180_000);
  assertWebBuilt();
  redis = await startRedis();
  for (let i = 0; i < 3; i++) shards.push(await createServer({ redisUrl: redis.url, env: { SHARD: `${i}/3`, INSTANCE: `streamer-${i}`, SIM_RATE: '600' } }));
  await Promise.all(shards.map((s) => s.start()));

  await page.goto(shards[0]!.url);
  const panel = page.getByTestId('fleet-panel');
  const rows = panel.getByTestId('fleet-row');
  await expect(rows).toHaveCount(3);
  await expect(panel.locator('[data-testid="fleet-row"][data-health="ok"]')).toHaveCount(3, { timeout: 30_000 });
  await expect(rows.filter({ hasText: 'streamer-0' })).toContainText('(this one)');
  await expect(rows.filter({ hasText: 'streamer-2' })).toContainText('2/3');
  // The shares of 45 markets add up in the totals row, and messages flow.
  await expect(panel.getByTestId('fleet-totals')).toContainText('45');
  await expect(panel.getByTestId('fleet-totals')).toContainText('3 of 3');
  await expect(panel.getByTestId('fleet-alert')).toHaveCount(0);
  await panel.scrollIntoViewIfNeeded();
  await panel.screenshot({ path: shotPath('fleet-panel.png') });

  await shards[2]!.kill();
  const alert = panel.getByTestId('fleet-alert');
  await expect(alert).toContainText('streamer-2', { timeout: 30_000 });
  await expect(rows.filter({ hasText: 'streamer-2' })).toContainText(/not reporting|stopped reporting/);
  await expect(alert).toContainText('shard 2/3', { timeout: 30_000 });
  await expect(panel.getByTestId('fleet-totals')).toContainText('2 of 3');
  await panel.screenshot({ path: shotPath('fleet-panel-stopped.png') });
  await page.screenshot({ path: shotPath('fleet.png'), fullPage: true });
});
