// The Redis value of one book, built as a string: the snapshot layout in DESIGN.md, with the
// levels written straight from the book (no tuple arrays, no JSON.stringify of the levels).
// A crossed book (best bid >= best ask) is written as the venue sent it, flagged "crossed":true
// at the end, so readers can decide; the key is absent otherwise.
import type { MarketState } from './market-state';

export function snapshotJson(m: MarketState, venueJson: string, depth: number, writtenTs: number, crossed = false): string {
  return '{"venue":' + venueJson
    + ',"market":' + m.id
    + ',"symbol":' + m.symbolJson
    + m.instrumentJson
    + ',"seq":' + m.seq
    + ',"exchangeTs":' + m.exchangeTs
    + ',"receivedTs":' + m.receivedTs
    + ',"writtenTs":' + writtenTs
    + ',"bids":' + m.book.writeLevelsJson('bids', depth)
    + ',"asks":' + m.book.writeLevelsJson('asks', depth)
    + (crossed ? ',"crossed":true}' : '}');
}

/** Best bid at or above best ask (numbers from the book; NaN on an empty side is never crossed). */
export const isCrossed = (bid: number, ask: number) => bid >= ask;
