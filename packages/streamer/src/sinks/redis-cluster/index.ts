export { createRedisClusterSink, parseSeeds, CLUSTER_WRITE_DEADLINE_MS, type ClusterSink, type ClusterSinkOptions } from './cluster-sink';
export { keySlot } from './key-slot';
export { detectCluster } from './detect';
export { createRedisClusterClient } from './cluster-client';
