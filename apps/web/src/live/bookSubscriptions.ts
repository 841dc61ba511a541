// Who wants which market's book over the socket, by venue and symbol. One instance per
// useLiveStream, so the subscriptions can be replayed after a reconnect.
import type { BookSnapshot } from '@ob/protocol';

export type BookListener = (book: BookSnapshot) => void;

interface Entry { venue: string; symbol: string; depth: number | undefined; listeners: Set<BookListener> }

const keyOf = (venue: string, symbol: string) => `${venue}\u0000${symbol}`;

export function createBookSubscriptions() {
  const byKey = new Map<string, Entry>();
  return {
    /** Returns true when this is the first listener for the market (time to subscribe). */
    add(venue: string, symbol: string, depth: number | undefined, listener: BookListener): boolean {
      const entry = byKey.get(keyOf(venue, symbol));
      if (entry) {
        entry.listeners.add(listener);
        return false;
      }
      byKey.set(keyOf(venue, symbol), { venue, symbol, depth, listeners: new Set([listener]) });
      return true;
    },
    /** Returns true when the last listener left (time to unsubscribe). */
    remove(venue: string, symbol: string, listener: BookListener): boolean {
      const entry = byKey.get(keyOf(venue, symbol));
      if (!entry) return false;
      entry.listeners.delete(listener);
      if (entry.listeners.size > 0) return false;
      byKey.delete(keyOf(venue, symbol));
      return true;
    },
    dispatch(book: BookSnapshot): void {
      const entry = byKey.get(keyOf(book.venue, book.symbol));
      if (entry) for (const listener of entry.listeners) listener(book);
    },
    entries(): Array<{ venue: string; symbol: string; depth: number | undefined }> {
      return [...byKey.values()].map((e) => ({ venue: e.venue, symbol: e.symbol, depth: e.depth }));
    },
  };
}
export type BookSubscriptions = ReturnType<typeof createBookSubscriptions>;
