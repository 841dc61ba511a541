// What the route plugins share, built once by buildApp.
import type { CaptureResponse, FeedConnections } from '@ob/protocol';
import type { ConfigService } from './config-service';
import type { Engines } from './engines/engines';
import type { FleetIdentity } from './fleet/identity';
import type { AppRedis, RedisLike } from './redis/types';
import type { AttemptLimiter } from './security/attempts';
import type { AuthGuard } from './security/auth';
import type { OriginCheck } from './security/origin';
import type { Hub } from './ws/hub';

export interface AppContext {
  engines: Engines;
  config: ConfigService;
  auth: AuthGuard;
  redis: RedisLike | null;
  prefix: string;
  hub: Hub;
  /** Recording and replay, when RECORD or SOURCE=replay:<dir> is set: a venue's, or the first one's. */
  capture: (venue?: string) => CaptureResponse;
  /** The venue connections (GET /api/feed, ob_feed_* metrics); null for a feed without them. */
  feedView: (venue?: string) => FeedConnections | null;
  /** The fleet view's Redis and this instance's name in it; null without Redis. */
  fleet: { redis: AppRedis; me: FleetIdentity } | null;
  /** Authorized PATCH /api/config requests per minute per client address. */
  configChangesPerMinute: number;
  /** Wrong-token PATCHes, per client address (apart from the changes). */
  failedAttempts: AttemptLimiter;
  failedAttemptsPerMinute: number;
  /** Origins allowed to open /ws and to change settings. */
  originAllowed: OriginCheck;
}
