// Random Lighter frames written with random JSON spelling (whitespace, key order, escapes,
// exponent numbers, extra nested fields), for comparing the fast and reference parsers.

export type Rng = () => number;

/** A deterministic PRNG (mulberry32) so a failing case reproduces from its seed. */
export function rng(seed: number): Rng {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

const WS = ['', '', '', ' ', '\n', '\t', '  ', '\r\n '];
const ws = (r: Rng) => pick(r, WS);

/** A JSON string literal, sometimes with characters escaped. */
function str(r: Rng, s: string): string {
  let out = '"';
  for (const ch of s) {
    const x = r();
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (x < 0.05) out += '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0');
    else if (ch === '/' && x < 0.3) out += '\\/';
    else out += ch;
  }
  return out + '"';
}

/** A JSON number literal for an integer-valued v, in one of several spellings. */
function num(r: Rng, v: number): string {
  const x = r();
  if (x < 0.6 || !Number.isInteger(v) || v === 0) return String(v);
  if (x < 0.7) return v + '.0';
  if (x < 0.8) return v + 'e0';
  const digits = String(Math.abs(v));
  const e = digits.length - 1;
  return (v < 0 ? '-' : '') + digits[0] + (e > 0 ? '.' + digits.slice(1) : '') + pick(r, ['e', 'E', 'e+']) + e;
}

/** Some random JSON value for an extra field (nested objects and arrays included). */
function junk(r: Rng, depth = 0): string {
  const x = r();
  if (depth > 3 || x < 0.3) return pick(r, ['true', 'false', 'null', '0', '-1.5e-3', '12', '"x"', '"a\\"b\\\\c\\n"', '""']);
  if (x < 0.65) return '[' + Array.from({ length: Math.floor(r() * 3) }, () => ws(r) + junk(r, depth + 1) + ws(r)).join(',') + ']';
  return obj(r, Array.from({ length: Math.floor(r() * 3) }, (_, i) => [`k${i}`, junk(r, depth + 1)]));
}

/** An object from [key, already-written value] pairs, in random order, sometimes with extras. */
function obj(r: Rng, fields: [string, string][]): string {
  const all = [...fields];
  if (r() < 0.3) all.push([pick(r, ['offset', 'code', 'extra', 'x/y', 'nonce2']), junk(r)]);
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return '{' + ws(r) + all.map(([k, v]) => str(r, k) + ws(r) + ':' + ws(r) + v).join(ws(r) + ',' + ws(r)) + ws(r) + '}';
}

/** Decimals that convert the slow way: more than 15 digits, leading zeros, exponents. */
const RARE_DECIMALS = [
  '1234567890123456', '12345678901234.56', '0.000000000000001234', '99999999999999999999.5', '0.30000000000000004',
  '9007199254740993', '920.1257419597947', '007.50', '1e5', '1.5E-3', '25e+1', '0e0', '0E+5', '1e-400', '0.00000000000000000000',
];

function decimal(r: Rng, zeroChance: number): string {
  if (r() < zeroChance) return pick(r, ['0', '0.0000', '0.00']);
  const v = (1 + r() * 1000).toFixed(Math.floor(r() * 5));
  const x = r();
  return x < 0.002 ? pick(r, ['NaN', '-1', '', '1.', 'Infinity', ' 1']) : x < 0.02 ? pick(r, RARE_DECIMALS) : v;
}

function level(r: Rng): string {
  const fields: [string, string][] = [['price', str(r, decimal(r, 0.01))], ['size', str(r, decimal(r, 0.3))]];
  if (r() < 0.001) fields.pop(); // a level missing its size
  if (r() < 0.001) fields[0] = ['price', '12.5']; // a number where a string belongs
  return obj(r, fields);
}

const levels = (r: Rng, n: number) => '[' + ws(r) + Array.from({ length: n }, () => level(r)).join(',' + ws(r)) + ws(r) + ']';

/** One random frame: mostly book frames, sometimes control, error or unknown frames. */
export function genFrame(r: Rng): string {
  const x = r();
  if (x < 0.1) {
    const type = pick(r, ['ping', 'pong', 'connected', 'error', 'subscribed/trade', 'update/account']);
    const fields: [string, string][] = [['type', str(r, type)]];
    if (type === 'error') fields.push(['error', obj(r, [['code', '30003'], ['message', str(r, 'Invalid Channel')]])]);
    return obj(r, fields);
  }
  const snapshot = r() < 0.2;
  const nonce = Math.floor(r() * 1e6);
  const book: [string, string][] = [
    ['nonce', num(r, nonce)],
    ['bids', levels(r, Math.floor(r() * (snapshot ? 40 : 12)))],
    ['asks', levels(r, Math.floor(r() * (snapshot ? 40 : 12)))],
  ];
  if (!snapshot || r() < 0.7) book.push(['begin_nonce', num(r, nonce - Math.floor(r() * 10))]);
  const fields: [string, string][] = [
    ['type', str(r, snapshot ? 'subscribed/order_book' : 'update/order_book')],
    ['channel', str(r, `order_book:${Math.floor(r() * 50)}`)],
    ['timestamp', num(r, 1791365635786 + Math.floor(r() * 1e6))],
    ['order_book', obj(r, book)],
  ];
  if (r() < 0.02) fields.pop(); // no order_book
  if (r() < 0.02) fields.push(['type', str(r, 'ping')]); // duplicate key
  return ws(r) + obj(r, fields) + ws(r);
}

/** Damages a frame a little: drop, duplicate or replace one character. */
export function mutate(r: Rng, text: string): string {
  const i = Math.floor(r() * text.length);
  const x = r();
  if (x < 0.33) return text.slice(0, i) + text.slice(i + 1);
  if (x < 0.66) return text.slice(0, i) + text[i] + text.slice(i);
  return text.slice(0, i) + pick(r, ['"', '\\', '{', '}', '[', ']', ',', ':', '0', '-', 'e', '.', ' ', '\u0001', 'x']) + text.slice(i + 1);
}
