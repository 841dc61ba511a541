// GET /api/streams: what the change stream and the updates channel are doing, for the dashboard.
import Type, { type Static } from 'typebox';

export const StreamLength = Type.Object({
  venue: Type.Optional(Type.String()),
  symbol: Type.String(),
  key: Type.String({ description: '{prefix}:stream:{venue}:{symbol}' }),
  length: Type.Integer({ description: 'Entries in the stream now (XLEN; 0 when there is none).' }),
});
export type StreamLength = Static<typeof StreamLength>;

export const StreamsResponse = Type.Object({
  mode: Type.Enum(['off', 'snapshot', 'top'], { description: 'The stream setting.' }),
  maxLen: Type.Integer({ description: 'The streamMaxLen setting.' }),
  channel: Type.String({ description: '{prefix}:updates:{venue}' }),
  readers: Type.Integer({ description: 'Connections subscribed to the updates channel now (PUBSUB NUMSUB): readers waiting for books (every venue\'s channel summed).' }),
  channels: Type.Optional(Type.Array(Type.Object({ venue: Type.String(), channel: Type.String(), readers: Type.Integer() }), { description: 'Per venue, when there are several.' })),
  entries: Type.Number({ description: 'Stream entries written since start.' }),
  streams: Type.Array(StreamLength, { description: 'One per subscribed market, by symbol.' }),
});
export type StreamsResponse = Static<typeof StreamsResponse>;
