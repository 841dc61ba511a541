// The simulated OKX swap list: a few real instruments, then synthetic SIM<n>-USDT-SWAP to any
// count; plus a pre-open and a suspended swap, listed but not live, so the adapter's filter is
// exercised.
import type { WalkSpec } from '../common/book-walk';

type Row = [instId: string, price: number, priceDecimals: number, sizeDecimals: number, weight: number];

const ROWS: Row[] = [
  ['BTC-USDT-SWAP', 90_000, 1, 2, 20], ['ETH-USDT-SWAP', 3_000, 2, 2, 15], ['SOL-USDT-SWAP', 140, 2, 2, 6],
  ['DOGE-USDT-SWAP', 0.16, 5, 0, 3], ['XRP-USDT-SWAP', 2.2, 4, 0, 3], ['BTC-USD-SWAP', 90_000, 1, 0, 5],
  ['BTC-USD_UM-SWAP', 90_000, 1, 2, 2], ['HYPE-USDT-SWAP', 38, 3, 1, 3],
];

export const DEFAULT_INSTRUMENTS = ROWS.length;

export function okxCatalogue(count: number): WalkSpec[] {
  const out: WalkSpec[] = [];
  for (let i = 0; i < count; i++) {
    const r = ROWS[i];
    out.push(r
      ? { symbol: r[0], price: r[1], priceDecimals: r[2], sizeDecimals: r[3], weight: r[4] }
      : { symbol: `SIM${i}-USDT-SWAP`, price: 10, priceDecimals: 4, sizeDecimals: 0, weight: 0.3 });
  }
  return out;
}

const step = (decimals: number) => (decimals === 0 ? '1' : `0.${'0'.repeat(decimals - 1)}1`);

function entry(s: { symbol: string; priceDecimals: number; sizeDecimals: number }, state: string) {
  const [base, quote] = s.symbol.split('-') as [string, string];
  const inverse = quote === 'USD';
  const uly = `${base}-${quote.replace('_UM', '')}`;
  return {
    instType: 'SWAP', instId: s.symbol, uly, instFamily: s.symbol.replace(/-SWAP$/, ''), baseCcy: '', quoteCcy: '',
    settleCcy: inverse ? base : quote.replace('_UM', 'C'), ctVal: inverse ? '100' : '0.01', ctMult: '1',
    ctValCcy: inverse ? 'USD' : base, optType: '', stk: '', listTime: '1611916828000', expTime: '', lever: '100',
    tickSz: step(s.priceDecimals), lotSz: step(s.sizeDecimals), minSz: step(s.sizeDecimals),
    ctType: inverse ? 'inverse' : 'linear', alias: '', state, ruleType: 'normal', maxLmtSz: '100000000', maxMktSz: '10000',
  };
}

/** GET /api/v5/public/instruments?instType=SWAP, shaped like the venue's. */
export function instrumentsBody(specs: readonly WalkSpec[]): string {
  const data = specs.map((s) => entry(s, 'live'));
  data.push(entry({ symbol: 'NEW-USDT-SWAP', priceDecimals: 4, sizeDecimals: 0 }, 'preopen'));
  data.push(entry({ symbol: 'OLD-USDT-SWAP', priceDecimals: 4, sizeDecimals: 0 }, 'suspend'));
  return JSON.stringify({ code: '0', msg: '', data });
}
