// What the route plugins share, built once by buildApp.
import type { Streamer } from '@ob/streamer';
import type { ConfigService } from './config-service';
import type { FleetIdentity } from './fleet/identity';
import type { AppRedis, RedisLike } from './redis/types';
import type { AuthGuard } from './security/auth';
import type { Hub } from './ws/hub';

export interface AppContext {
  streamer: Streamer;
  config: ConfigService;
  auth: AuthGuard;
  redis: RedisLike | null;
  prefix: string;
  hub: Hub;
  /** The fleet view's Redis and this instance's name in it; null without Redis. */
  fleet: { redis: AppRedis; me: FleetIdentity } | null;
  /** PATCH /api/config requests per minute per client address. */
  configChangesPerMinute: number;
}
