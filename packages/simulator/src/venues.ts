// Every simulated venue by the name of the venue it speaks for, started the same way: the demo
// (`SOURCE=sim-<venue>`) and the mixed-venue tests pick from here. Adding a venue is its folder
// here plus one line below.
import { createBinanceUsdmSimulator } from './binance-usdm/simulator';
import { createBybitSimulator } from './bybit/index';
import type { SimulatorControls } from './common/venue-runtime';
import { createHyperliquidSimulator } from './hyperliquid/index';
import { createOkxSimulator } from './okx/simulator';
import { createSimulator } from './simulator';

export interface SimulatedVenueOptions {
  /** Book messages per second across the venue's markets (each simulator's default when absent). */
  rate?: number;
  port?: number;
}

/** A market's book as the simulator holds it: what a correct client has, best levels first. */
export interface TruthBook { bids: [string, string][]; asks: [string, string][] }

export interface RunningSimulator {
  /** What the venue's feed dials and fetches its market list from. */
  wsUrl: string;
  restUrl: string;
  /** Stops (and restarts) generating book changes: a paused venue's books hold still. */
  pause(): void;
  resume(): void;
  /** The book a correct client holds for this symbol now; null when unknown or not yet published. */
  truth(symbol: string): TruthBook | null;
  stop(): Promise<void>;
}

export interface SimulatedVenue {
  readonly venue: string;
  start(opts: SimulatedVenueOptions): Promise<RunningSimulator>;
}

/** Starts a simulator of any of the shapes below; `truth` reads its true book by symbol. */
function simulated<S extends SimulatorControls>(venue: string, create: (o: SimulatedVenueOptions) => S, truth: (sim: S, symbol: string) => TruthBook | null): SimulatedVenue {
  return {
    venue,
    async start(o) {
      const sim = create(o);
      const { wsUrl, restUrl } = await sim.start();
      return {
        wsUrl, restUrl, pause: () => sim.pause(), resume: () => sim.resume(), stop: () => sim.stop(),
        truth(symbol) { try { return truth(sim, symbol); } catch { return null; } },
      };
    },
  };
}

/** For simulators that index books by market id. */
const byId = <S extends { markets(): { id: number; symbol: string }[] }>(sim: S, symbol: string) => sim.markets().find((m) => m.symbol === symbol)?.id;

const opts = (o: SimulatedVenueOptions) => ({ port: o.port ?? 0, ...(o.rate !== undefined ? { rate: o.rate } : {}) });

export const SIMULATED_VENUES: readonly SimulatedVenue[] = [
  simulated('lighter', (o) => createSimulator(opts(o)), (sim, s) => { const id = byId(sim, s); return id === undefined ? null : sim.trueBook(id); }),
  simulated('hyperliquid', (o) => createHyperliquidSimulator(opts(o)), (sim, s) => { const id = byId(sim, s); return id === undefined ? null : sim.trueBook(id); }),
  simulated('bybit', (o) => createBybitSimulator(opts(o)), (sim, s) => sim.trueBook(s)),
  simulated('binance-usdm', (o) => createBinanceUsdmSimulator(opts(o)), (sim, s) => sim.trueBook(s)),
  simulated('okx', (o) => createOkxSimulator(opts(o)), (sim, s) => sim.trueBook(s)),
];

export const simulatedVenue = (venue: string): SimulatedVenue | undefined => SIMULATED_VENUES.find((v) => v.venue === venue);
