/** The last `size` values in a fixed Float64Array, oldest overwritten first. No allocation after construction. */
export class RingWindow {
  readonly size: number;
  readonly values: Float64Array;
  /** Slot the next value goes to, which is also the oldest value's slot once full. */
  next = 0;
  count = 0;

  constructor(size: number) {
    this.size = size;
    this.values = new Float64Array(size);
  }

  get full(): boolean {
    return this.count === this.size;
  }

  /** Stores `x` and returns the value it replaced (0 while the window was still filling). */
  push(x: number): number {
    const slot = this.next;
    const replaced = this.values[slot]!;
    this.values[slot] = x;
    this.next = slot + 1 === this.size ? 0 : slot + 1;
    if (this.count < this.size) this.count++;
    return replaced;
  }

  /** The k-th oldest value of a full window (k = 0 is the oldest). */
  fromOldest(k: number): number {
    const slot = this.next + k;
    return this.values[slot >= this.size ? slot - this.size : slot]!;
  }

  /** Plain sum of the values held. */
  sum(): number {
    let sum = 0;
    for (let i = 0; i < this.count; i++) sum += this.values[i]!;
    return sum;
  }

  reset(): void {
    this.values.fill(0);
    this.next = 0;
    this.count = 0;
  }
}
