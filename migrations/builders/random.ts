/** A small seeded generator (mulberry32): the same seed builds the same database everywhere. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    const words = new Uint32Array(out.buffer, 0, length >>> 2);
    for (let i = 0; i < words.length; i++) words[i] = (this.next() * 4294967296) >>> 0;
    for (let i = words.length * 4; i < length; i++) out[i] = (this.next() * 256) | 0;
    return out;
  }
}
