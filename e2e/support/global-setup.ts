// One Redis and one server for the specs that only read (overview, book, narrow). Specs that
// change settings or kill the server start their own (support/stack.ts).
import { startStack } from './stack';

export const BASE_URL_ENV = 'E2E_BASE_URL';
export const REDIS_PORT_ENV = 'E2E_REDIS_PORT';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const stack = await startStack();
  // Workers start after this and inherit the environment.
  process.env[BASE_URL_ENV] = stack.baseURL;
  process.env[REDIS_PORT_ENV] = String(stack.redis.port);
  return () => stack.stop();
}
