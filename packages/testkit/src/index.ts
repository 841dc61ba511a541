export { waitFor, type WaitOptions } from './wait';
export { freePort } from './ports';
export { startRedis, redisServerAvailable, type TestRedis } from './redis-server';
export { parseCommandStats, commandCounts, type CommandCounts } from './redis-info';
export { readSection, withSection, SOAK_SECTION } from './markdown-section';
export { slope } from './slope';
export { startRedisCluster, redisClusterAvailable, TEST_CLUSTER_NODE_TIMEOUT_MS, type TestCluster, type ClusterNode } from './redis-cluster';
