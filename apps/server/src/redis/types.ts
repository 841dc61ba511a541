import type { createRedisClient, createRedisClusterClient } from '@ob/streamer';
// The few Redis commands the server itself uses (the engine's sink does the writing).
// ioredis clients fit this shape; keeping it narrow keeps the server off the client's API.
export interface RedisLike {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<unknown>;
  getBuffer(key: string): Promise<Buffer | null>;
  ttl(key: string): Promise<number>;
  /** GET /api/streams: stream lengths and the readers on the updates channel. */
  xlen(key: string): Promise<number>;
  pubsub(subcommand: 'NUMSUB', ...channels: string[]): Promise<unknown[]>;
  quit(): Promise<unknown>;
}

/** The app's full ioredis client, single node or cluster (the fleet view and config sync use more than RedisLike). */
export type AppRedis = ReturnType<typeof createRedisClient> | ReturnType<typeof createRedisClusterClient>;
