// The cross-venue view: markets of every venue grouped by what they trade (base and kind, since
// venues quote in different stablecoins), each with its best bid and ask. GET /api/instruments
// lists every group (those on one venue too); /api/instruments/:key one group, e.g. BTC-PERP.
import type { InstrumentGroup, InstrumentsResponse } from '@ob/protocol';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import Type from 'typebox';
import type { AppContext } from '../context';
import type { Engines } from '../engines/engines';
import { AppError } from '../errors';
import { groupKey } from '@ob/protocol';

export function instrumentGroups(engines: Engines): InstrumentGroup[] {
  const groups = new Map<string, InstrumentGroup>();
  for (const e of engines.list) {
    for (const m of e.streamer.markets()) {
      const key = groupKey(m.instrument);
      if (!key) continue;
      let g = groups.get(key.key);
      if (!g) { g = { key: key.key, base: key.base, kind: key.kind, quotes: [] }; groups.set(key.key, g); }
      const top = e.streamer.book(m.symbol, 1);
      g.quotes.push({
        venue: e.venue, symbol: m.symbol, instrument: m.instrument, valid: m.valid,
        bid: top?.bids[0] ?? null, ask: top?.asks[0] ?? null, lastUpdateTs: m.lastUpdateTs, msgRate: m.msgRate,
      });
    }
  }
  // Instruments on most venues first, then by name.
  return [...groups.values()].sort((a, b) => b.quotes.length - a.quotes.length || a.key.localeCompare(b.key));
}

export const instrumentsRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get('/api/instruments', async (): Promise<InstrumentsResponse> => ({ instruments: instrumentGroups(ctx.engines) }));
  r.get('/api/instruments/:key', { schema: { params: Type.Object({ key: Type.String({ minLength: 3, maxLength: 80 }) }) } }, async (req) => {
    const g = instrumentGroups(ctx.engines).find((x) => x.key === req.params.key.toUpperCase());
    if (!g) throw new AppError('ERR_NOT_FOUND', `No venue lists an instrument "${req.params.key}"; GET /api/instruments lists them (keys are BASE-KIND, e.g. BTC-PERP).`);
    return g;
  });
};
