// Every error the reader raises or reports is a ReaderError with a code, so callers can branch
// on what happened instead of parsing messages.

export type ReaderErrorCode =
  /** An option or argument is out of range; the message names it and what is allowed. */
  | 'ERR_BAD_OPTION'
  /** A value in Redis is not a book snapshot the reader understands (not JSON, bad gzip, wrong shape). */
  | 'ERR_DECODE'
  /** A Redis command failed (connection lost, server error); the subscription retries. */
  | 'ERR_REDIS'
  /** Your onBook callback threw or rejected; the subscription goes on with the next update. */
  | 'ERR_CALLBACK'
  /** The reader or subscription was closed. */
  | 'ERR_CLOSED';

export class ReaderError extends Error {
  override readonly name = 'ReaderError';
  constructor(readonly code: ReaderErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The text of whatever was thrown. */
export const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));
