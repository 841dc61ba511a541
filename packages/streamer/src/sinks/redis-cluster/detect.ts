// Whether the Redis at a URL is a cluster node (INFO cluster says cluster_enabled:1), so
// REDIS_URL pointing at any node of a cluster selects the cluster sink without REDIS_CLUSTER.
import { Redis } from 'ioredis';

export async function detectCluster(url: string, timeoutMs: number): Promise<boolean> {
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: timeoutMs, commandTimeout: timeoutMs });
  r.on('error', () => {});
  try {
    await r.connect();
    return /^cluster_enabled:1/m.test(await r.info('cluster'));
  } catch {
    return false; // not answering: the single-node sink retries it, as before
  } finally {
    r.disconnect();
  }
}
