// A write of which some records failed (Redis answered those commands with errors) while the
// rest landed: the batcher acks the rest and keeps only the failed ones pending. A sink that
// throws anything else means none of its records landed.
export class SinkWriteError extends Error {
  constructor(message: string, readonly failed: readonly number[], readonly total: number) {
    super(message);
  }
}
