// What the route plugins share, built once by buildApp.
import type { CaptureResponse } from '@ob/protocol';
import type { Streamer } from '@ob/streamer';
import type { ConfigService } from './config-service';
import type { RedisLike } from './redis/types';
import type { AuthGuard } from './security/auth';
import type { Hub } from './ws/hub';

export interface AppContext {
  streamer: Streamer;
  config: ConfigService;
  auth: AuthGuard;
  redis: RedisLike | null;
  prefix: string;
  hub: Hub;
  /** Recording and replay, when RECORD or SOURCE=replay:<dir> is set. */
  capture: () => CaptureResponse;
  /** PATCH /api/config requests per minute per client address. */
  configChangesPerMinute: number;
}
