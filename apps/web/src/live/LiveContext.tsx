// Makes the one useLiveStream instance available to every feature below the provider.
import { createContext, useContext, type ReactNode } from 'react';
import { useLiveStream, type LiveStream } from './useLiveStream';

const LiveContext = createContext<LiveStream | null>(null);

export function LiveProvider({ url, children }: { url?: string; children: ReactNode }) {
  const live = useLiveStream(url);
  return <LiveContext.Provider value={live}>{children}</LiveContext.Provider>;
}

export function useLive(): LiveStream {
  const live = useContext(LiveContext);
  if (!live) throw new Error('useLive() outside <LiveProvider>');
  return live;
}
