/**
 * Depth of tiny models (`HF_TINY_LAYERS`). Every tiny builder stacks layers, so every family takes a
 * layer count: encoders, decoders, encoder-decoders (both stacks), vision/audio towers and their heads'
 * encoders, and both towers of the dual encoders. No tiny family lacks one. Heads stay as they are
 * (one query cross-attention in the detectors and segmenters, convolution front ends, the VITS
 * waveform projection): a deeper model repeats its layers, not its fixed parts.
 */

/** A family's layer pattern repeated cyclically to `count` layers (how a deeper hybrid is laid out). */
export function cycle<T>(pattern: readonly T[], count: number): T[] {
  if (pattern.length === 0) throw new Error('cycle: empty layer pattern');
  return Array.from({ length: count }, (_, i) => pattern[i % pattern.length]!);
}

/** True for a usable layer count: a whole number ≥ 1. */
export function isLayerCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}

/**
 * The layer count `HF_TINY_LAYERS` asks for, or undefined when it is unset or empty (the builders'
 * default depth). Anything but a whole number ≥ 1 is an error naming the variable and the value.
 */
export function tinyLayersFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env.HF_TINY_LAYERS;
  if (raw === undefined || raw.trim() === '') return undefined;
  const layers = /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!isLayerCount(layers)) {
    throw new Error(`HF_TINY_LAYERS must be a whole number ≥ 1 (layers of every tiny model), got "${raw}"`);
  }
  return layers;
}
