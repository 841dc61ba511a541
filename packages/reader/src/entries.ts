// Change-stream entries → books. The streamer writes one field per entry: "book" (the snapshot
// JSON), "book:gz" (the same, gzip) or "top" (the book at depth 1, written when the top changed).
import { decodeBook } from './decode';
import { ReaderError } from './errors';
import type { Book } from './types';

export function decodeEntry(fields: readonly Buffer[], where: string): { book: Book; depth: 'full' | 'top' } {
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const name = fields[i]!.toString('latin1');
    if (name === 'book' || name === 'book:gz') return { book: decodeBook(fields[i + 1]!, where), depth: 'full' };
    if (name === 'top') return { book: decodeBook(fields[i + 1]!, where), depth: 'top' };
  }
  const names = fields.filter((_, i) => i % 2 === 0).map((f) => f.toString('latin1'));
  throw new ReaderError('ERR_DECODE', `${where}: no book, book:gz or top field (fields: ${names.join(', ') || 'none'})`);
}
