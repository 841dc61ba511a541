// Start and stop of a simulated venue: the server, its update clock and the idle-close sweep
// (often enough to close within a tenth of the idle limit), and the URLs a client dials.
import type { VenueServer } from './server';

export interface VenueParts {
  server: VenueServer;
  generator: { start(): void; stop(): void };
  closeIdle(now: number): void;
  terminateAll(): void;
  idleCloseMs: number;
  wsPath: string;
  restPath: string;
}

export function venueLifecycle(p: VenueParts) {
  let sweep: NodeJS.Timeout | undefined;
  return {
    async start(): Promise<{ wsUrl: string; restUrl: string }> {
      const base = await p.server.start();
      p.generator.start();
      sweep ??= setInterval(() => p.closeIdle(Date.now()), Math.max(5, Math.min(5_000, p.idleCloseMs / 10)));
      return { wsUrl: `${base.replace(/^http/, 'ws')}${p.wsPath}`, restUrl: `${base}${p.restPath}` };
    },
    async stop(): Promise<void> {
      p.generator.stop();
      clearInterval(sweep);
      p.terminateAll();
      await p.server.stop();
    },
  };
}
