// A private Redis plus a real server, for specs that need a fresh one of their own.
import { startRedis, type TestRedis } from '@ob/testkit';
import { assertWebBuilt, createServer, type ServerProcess } from './server';

export interface Stack {
  redis: TestRedis;
  server: ServerProcess;
  baseURL: string;
  stop(): Promise<void>;
}

export async function startStack(env: Record<string, string> = {}): Promise<Stack> {
  assertWebBuilt();
  const redis = await startRedis();
  const server = await createServer({ redisUrl: redis.url, env });
  try {
    await server.start();
  } catch (e) {
    await server.kill();
    await redis.stop();
    throw e;
  }
  return {
    redis,
    server,
    baseURL: server.url,
    async stop() {
      await server.stop();
      await redis.stop();
    },
  };
}
