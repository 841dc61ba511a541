// Every simulated venue by the name of the venue it speaks for, started the same way: the demo
// (`SOURCE=sim-<venue>`) and the mixed-venue tests pick from here. Adding a venue is its folder
// here plus one line below.
import { createBinanceUsdmSimulator } from './binance-usdm/simulator';
import { createBybitSimulator } from './bybit/index';
import { createHyperliquidSimulator } from './hyperliquid/index';
import { createOkxSimulator } from './okx/simulator';
import { createSimulator } from './simulator';

export interface SimulatedVenueOptions {
  /** Book messages per second across the venue's markets (each simulator's default when absent). */
  rate?: number;
  port?: number;
}

export interface RunningSimulator {
  /** What the venue's feed dials and fetches its market list from. */
  wsUrl: string;
  restUrl: string;
  stop(): Promise<void>;
}

export interface SimulatedVenue {
  readonly venue: string;
  start(opts: SimulatedVenueOptions): Promise<RunningSimulator>;
}

/** Starts a simulator of any of the shapes below (start() → URLs, stop()). */
const simulated = (venue: string, create: (o: SimulatedVenueOptions) => { start(): Promise<{ wsUrl: string; restUrl: string }>; stop(): Promise<void> }): SimulatedVenue => ({
  venue,
  async start(o) {
    const sim = create(o);
    const { wsUrl, restUrl } = await sim.start();
    return { wsUrl, restUrl, stop: () => sim.stop() };
  },
});

const opts = (o: SimulatedVenueOptions) => ({ port: o.port ?? 0, ...(o.rate !== undefined ? { rate: o.rate } : {}) });

export const SIMULATED_VENUES: readonly SimulatedVenue[] = [
  simulated('lighter', (o) => createSimulator(opts(o))),
  simulated('hyperliquid', (o) => createHyperliquidSimulator(opts(o))),
  simulated('bybit', (o) => createBybitSimulator(opts(o))),
  simulated('binance-usdm', (o) => createBinanceUsdmSimulator(opts(o))),
  simulated('okx', (o) => createOkxSimulator(opts(o))),
];

export const simulatedVenue = (venue: string): SimulatedVenue | undefined => SIMULATED_VENUES.find((v) => v.venue === venue);
