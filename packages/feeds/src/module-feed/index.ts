export { createModuleFeed, type ModuleFeed, type ModuleFeedOptions, type ModuleCounters } from './feed';
export { fromVenueModule, type FeedModule, type AnyVenueModule, type ModuleTracker, type RestSync } from './module';
export { selectSymbols, spread } from './select';
