// The parts of a redis:// or rediss:// URL the sink's connection uses, read the way ioredis
// reads them, so REDIS_URL means the same server and db to the sink and to the rest of the app.

export interface RedisEndpoint {
  host: string;
  port: number;
  tls: boolean;
  username?: string;
  password?: string;
  db: number;
}

export const DEFAULT_REDIS_PORT = 6379;

export function parseRedisUrl(url: string): RedisEndpoint {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`not a Redis URL: expected redis://[user:password@]host[:port][/db], got "${url}"`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') {
    throw new Error(`not a Redis URL: scheme must be redis: or rediss:, got "${u.protocol}"`);
  }
  const dbText = u.pathname.replace(/^\//, '');
  const db = dbText === '' ? 0 : Number(dbText);
  if (!Number.isInteger(db) || db < 0) throw new Error(`Redis URL db must be a whole number, got "${dbText}"`);
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1'; // [::1] → ::1
  return {
    host,
    port: u.port ? Number(u.port) : DEFAULT_REDIS_PORT,
    tls: u.protocol === 'rediss:',
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db,
  };
}
