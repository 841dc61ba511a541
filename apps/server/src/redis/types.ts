// The few Redis commands the server itself uses (the engine's sink does the writing).
// ioredis clients fit this shape; keeping it narrow keeps the server off the client's API.
export interface RedisLike {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<unknown>;
  getBuffer(key: string): Promise<Buffer | null>;
  ttl(key: string): Promise<number>;
  quit(): Promise<unknown>;
}
