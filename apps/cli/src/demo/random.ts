/**
 * A small seeded pseudo-random generator (mulberry32), so that `ledger demo --seed N` creates
 * the same month of roaming every time. Not for anything secret.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    // Mix the seed so that 1, 2, 3 ... start far apart.
    this.state = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ 0xc2b2ae35) >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** A float in [min, max). */
  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('cannot pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** An item chosen with probability proportional to its weight. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((sum, [, weight]) => sum + weight, 0);
    let point = this.next() * total;
    for (const [item, weight] of items) {
      point -= weight;
      if (point < 0) return item;
    }
    return items[items.length - 1]![0];
  }

  /** `count` distinct indices of [0, size), in ascending order. */
  sample(size: number, count: number): number[] {
    const indices = Array.from({ length: size }, (_, index) => index);
    const wanted = Math.min(count, size);
    for (let index = 0; index < wanted; index += 1) {
      const other = index + Math.floor(this.next() * (size - index));
      [indices[index], indices[other]] = [indices[other]!, indices[index]!];
    }
    return indices.slice(0, wanted).sort((a, b) => a - b);
  }
}
