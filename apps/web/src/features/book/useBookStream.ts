// A market's in-memory book: first from REST, then every book frame over the shared socket.
// Frames may arrive far faster than a person can read; renders are throttled to MAX_RENDER_HZ.
import { useEffect, useRef, useState } from 'react';
import type { BookSnapshot } from '@ob/protocol';
import { ApiError, getBook } from '../../api/client';
import { useLive } from '../../live/LiveContext';

export const MAX_RENDER_HZ = 10;
const MIN_RENDER_GAP_MS = 1000 / MAX_RENDER_HZ;
/** Recent frames by seq, to compare the Redis copy with the book it was written from. */
export const SEEN_BOOKS_KEPT = 256;

export interface BookStream {
  book: BookSnapshot | null;
  seen: ReadonlyMap<number, BookSnapshot>;
  notFound: boolean;
  /** Book frames received in the last second, for the "updates/s" readout. */
  framesPerSec: number;
}

export function useBookStream(venue: string, symbol: string, depth: number): BookStream {
  const { subscribeBook } = useLive();
  const [book, setBook] = useState<BookSnapshot | null>(null);
  const [notFound, setNotFound] = useState(false);
  const [framesPerSec, setFramesPerSec] = useState(0);
  const seenRef = useRef(new Map<number, BookSnapshot>());

  useEffect(() => {
    const seen = new Map<number, BookSnapshot>();
    seenRef.current = seen;
    setBook(null);
    setNotFound(false);
    let latest: BookSnapshot | null = null;
    let lastRender = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let frames = 0;

    const render = () => {
      timer = undefined;
      lastRender = Date.now();
      setBook(latest);
    };
    const accept = (b: BookSnapshot) => {
      if (latest && b.seq < latest.seq) return; // an older REST answer after newer frames
      latest = b;
      seen.set(b.seq, b);
      if (seen.size > SEEN_BOOKS_KEPT) seen.delete(seen.keys().next().value as number);
      if (timer === undefined) timer = setTimeout(render, Math.max(0, lastRender + MIN_RENDER_GAP_MS - Date.now()));
    };

    if (!venue) return undefined; // the venue is not known yet (the markets list has not come)
    const unsubscribe = subscribeBook(venue, symbol, depth, (b) => {
      frames += 1;
      accept(b);
    });
    const ctl = new AbortController();
    getBook(venue, symbol, depth, ctl.signal).then(accept).catch((e: unknown) => {
      if (e instanceof ApiError && e.status === 404) setNotFound(true);
    });
    const rate = setInterval(() => {
      setFramesPerSec(frames);
      frames = 0;
    }, 1000);

    return () => {
      unsubscribe();
      ctl.abort();
      clearTimeout(timer);
      clearInterval(rate);
    };
  }, [venue, symbol, depth, subscribeBook]);

  return { book, seen: seenRef.current, notFound, framesPerSec };
}
