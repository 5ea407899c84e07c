import { createHash } from 'node:crypto';

/**
 * A small seeded PRNG (mulberry32) so every weight tensor is a pure function of its seed string:
 * the same builder inputs always produce byte-identical model files.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: string) {
    // Fold a SHA-256 of the seed into 32 bits: any string becomes a well-mixed start state.
    this.state = createHash('sha256').update(seed).digest().readUInt32LE(0);
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /**
   * Fills `target` with zero-mean, unit-variance uniform noise times `scale`. One tight loop with
   * local state: weight generation dominates build time, and this keeps it to milliseconds.
   */
  fillUnitVariance(target: Float32Array, scale: number): void {
    const spread = 2 * Math.sqrt(3) * scale;
    // A local: inside a vm context (Jest's test environment) every lookup of the global `Math` goes
    // through the context's interceptor, which made this loop six times slower there.
    const imul = Math.imul;
    const length = target.length;
    let state = this.state;
    for (let i = 0; i < length; i++) {
      state = (state + 0x6d2b79f5) | 0;
      let t = imul(state ^ (state >>> 15), state | 1);
      t ^= t + imul(t ^ (t >>> 7), t | 61);
      target[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5) * spread;
    }
    this.state = state;
  }
}

/** Stable short hex digest of any JSON-serialisable value (object keys sorted). */
export function stableHash(value: unknown, length = 16): string {
  return createHash('sha256').update(stableStringify(value)).digest('hex').slice(0, length);
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
