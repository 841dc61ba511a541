/** A fixed-capacity ring: memory is bounded however long the process runs. */
export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  private next = 0;
  private size = 0;

  constructor(readonly capacity: number) {
    this.items = new Array(capacity);
  }

  push(item: T): void {
    this.items[this.next] = item;
    this.next = (this.next + 1) % this.capacity;
    if (this.size < this.capacity) this.size++;
  }

  get length(): number { return this.size; }

  /** The newest `n` items (all by default), oldest first. */
  last(n = this.size): T[] {
    const count = Math.min(Math.max(0, n), this.size);
    const out: T[] = new Array(count);
    for (let i = 0; i < count; i++) out[i] = this.items[(this.next - count + i + this.capacity) % this.capacity] as T;
    return out;
  }

  latest(): T | undefined {
    return this.size ? this.items[(this.next - 1 + this.capacity) % this.capacity] : undefined;
  }
}
