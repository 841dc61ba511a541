// The Lighter feed: the shared connection machinery running the Lighter module.
import { createVenueFeed, type VenueFeed, type VenueFeedOptions } from '../connection/feed';
import { lighterVenue } from './index';

export type LighterFeedOptions = VenueFeedOptions;
export type LighterFeed = VenueFeed;

export const createLighterFeed = (opts: VenueFeedOptions): VenueFeed => createVenueFeed(lighterVenue, opts);
