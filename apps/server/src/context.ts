// What the route plugins share, built once by buildApp.
import type { ConfigService } from './config-service';
import type { Engines } from './engines/engines';
import type { RedisLike } from './redis/types';
import type { AuthGuard } from './security/auth';
import type { Hub } from './ws/hub';

export interface AppContext {
  engines: Engines;
  config: ConfigService;
  auth: AuthGuard;
  redis: RedisLike | null;
  prefix: string;
  hub: Hub;
  /** PATCH /api/config requests per minute per client address. */
  configChangesPerMinute: number;
}
