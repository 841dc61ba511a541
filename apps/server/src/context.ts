// What the route plugins share, built once by buildApp.
import type { FeedConnections } from '@ob/protocol';
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
  /** The venue connections (GET /api/feed, ob_feed_* metrics); null for a feed without them. */
  feedView: (venue?: string) => FeedConnections | null;
  /** PATCH /api/config requests per minute per client address. */
  configChangesPerMinute: number;
}
