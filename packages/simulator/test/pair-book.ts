// A tiny independent book for `[price, size]` levels (Binance, OKX): price string → size string
// per side, a zero size deletes. Tests rebuild a venue's book from its frames with it.

export class PairBook {
  bids = new Map<string, string>();
  asks = new Map<string, string>();

  load(bids: readonly (readonly string[])[], asks: readonly (readonly string[])[]): void {
    this.bids.clear();
    this.asks.clear();
    this.apply(bids, asks);
  }

  apply(bids: readonly (readonly string[])[], asks: readonly (readonly string[])[]): void {
    for (const [side, levels] of [[this.bids, bids], [this.asks, asks]] as const) {
      for (const [p, s] of levels) {
        if (Number(s) === 0) side.delete(p!);
        else side.set(p!, s!);
      }
    }
  }

  levels(side: 'bids' | 'asks'): [string, string][] {
    const dir = side === 'bids' ? -1 : 1;
    return [...this[side]].sort((a, b) => dir * (Number(a[0]) - Number(b[0])));
  }
}
