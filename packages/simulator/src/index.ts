// @ob/simulator: a local Lighter-protocol exchange (createSimulator) and its frame source alone
// for benchmarks (createFrameGenerator, the "firehose").
export {
  createSimulator, DEFAULT_RATE, DEFAULT_BATCH_MS, IDLE_PING_MS, MAX_RATE, REST_PATH, DETAILS_PATH, WS_PATH, LIGHTER_SIM_LIMITS,
  type Simulator, type SimulatorOptions, type SimulatorCounters, type LighterSimLimits,
} from './simulator';
export {
  ERR_ALREADY_SUBSCRIBED, ERR_TOO_MANY_IN_FLIGHT, ERR_RATE_LIMITED, ERR_TOO_MANY_SUBSCRIPTIONS, CLOSE_IDLE, CLOSE_MAX_AGE, CLOSE_POLICY,
  type Breaches, type VenueEvents,
} from './hub';
export {
  createFrameGenerator, DEFAULT_LEVELS, DEFAULT_SEED, MAX_LEVELS,
  type FrameGenerator, type FrameGeneratorOptions,
} from './generator';
export {
  marketCatalogue, orderBooksBody, orderBookDetailsBody, DEFAULT_MARKETS, MAX_MARKETS, SPOT_ID_BASE, type MarketSpec, type CatalogueOptions,
} from './catalogue';
export { GARBAGE_KINDS, HUGE_GARBAGE_BYTES, type GarbageKind } from './garbage';
export { MAX_CLIENT_BUFFERED_BYTES } from './common/sessions';
export type { TrueBook } from './market';
// issue 15: simulated venues of other protocols, each in its own folder.
export {
  createHyperliquidSimulator, HL_INFO_PATH, HL_WS_PATH,
  type HyperliquidSimulator, type HyperliquidSimulatorOptions, type HyperliquidSimulatorCounters, type HyperliquidBook,
} from './hyperliquid/index';
export {
  createBybitSimulator, BYBIT_INSTRUMENTS_PATH, BYBIT_WS_PATH,
  type BybitSimulator, type BybitSimulatorOptions, type BybitSimulatorCounters, type BybitTrueBook,
} from './bybit/index';
// Binance USD-M and OKX v5 venues (issue 15): see their folders.
export {
  createBinanceUsdmSimulator, DEFAULTS as BINANCE_USDM_SIM_DEFAULTS,
  type BinanceUsdmSimulator, type BinanceSimulatorOptions, type BinanceSimulatorCounters,
} from './binance-usdm/simulator';
export type { BinanceTrueBook } from './binance-usdm/market';
export {
  createOkxSimulator, DEFAULTS as OKX_SIM_DEFAULTS, type OkxSimulator, type OkxSimulatorOptions, type OkxSimulatorCounters,
} from './okx/simulator';
export type { OkxTrueBook } from './okx/market';
export { SIMULATED_VENUES, simulatedVenue, type SimulatedVenue, type SimulatedVenueOptions, type RunningSimulator, type TruthBook } from './venues';
