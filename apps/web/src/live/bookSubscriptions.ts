// Who wants which market's book over the socket. One instance per useLiveStream, so the
// subscriptions can be replayed after a reconnect.
import type { BookSnapshot } from '@ob/protocol';

export type BookListener = (book: BookSnapshot) => void;

interface Entry { depth: number | undefined; listeners: Set<BookListener> }

export function createBookSubscriptions() {
  const bySymbol = new Map<string, Entry>();
  return {
    /** Returns true when this is the first listener for the symbol (time to subscribe). */
    add(symbol: string, depth: number | undefined, listener: BookListener): boolean {
      const entry = bySymbol.get(symbol);
      if (entry) {
        entry.listeners.add(listener);
        return false;
      }
      bySymbol.set(symbol, { depth, listeners: new Set([listener]) });
      return true;
    },
    /** Returns true when the last listener left (time to unsubscribe). */
    remove(symbol: string, listener: BookListener): boolean {
      const entry = bySymbol.get(symbol);
      if (!entry) return false;
      entry.listeners.delete(listener);
      if (entry.listeners.size > 0) return false;
      bySymbol.delete(symbol);
      return true;
    },
    dispatch(book: BookSnapshot): void {
      const entry = bySymbol.get(book.symbol);
      if (entry) for (const listener of entry.listeners) listener(book);
    },
    entries(): Array<[string, number | undefined]> {
      return [...bySymbol].map(([symbol, e]) => [symbol, e.depth]);
    },
  };
}
export type BookSubscriptions = ReturnType<typeof createBookSubscriptions>;
