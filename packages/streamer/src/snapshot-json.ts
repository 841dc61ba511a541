// The Redis value of one book, built as a string: the snapshot layout in DESIGN.md, with the
// levels written straight from the book (no tuple arrays, no JSON.stringify of the levels).
import type { MarketState } from './market-state';

export function snapshotJson(m: MarketState, venueJson: string, depth: number, writtenTs: number): string {
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
    + '}';
}
