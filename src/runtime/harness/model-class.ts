import { assertTensor, fail, InvalidInputError, preview, type TensorLike } from './assert';
import type { Call, LoadedPipeline, ModelLoadRequest } from './types';

/**
 * Shared pieces of the harnesses whose models transformers.js runs through model classes (no
 * pipeline): a pipeline-shaped callable around a loaded model, and plain copies of its tensors.
 */

/** A tensor's dims, type and values as a plain object: outputs stay comparable, cloneable and JSON-safe (no BigInt). */
export interface PlainTensor extends TensorLike {
  dims: number[];
  type: string;
  data: Float32Array | Int32Array;
}

export function plainTensor(value: unknown, what: string): PlainTensor {
  const t = value as { dims?: number[]; type?: string; data?: ArrayLike<number | bigint> } | undefined;
  if (!t || !Array.isArray(t.dims) || !ArrayBuffer.isView(t.data)) fail(`${what}: expected a tensor from the model, got ${preview(value)}`);
  const integer = t.type === 'int64' || t.type === 'int32';
  const data = integer ? Int32Array.from(t.data as ArrayLike<number | bigint>, Number) : Float32Array.from(t.data as ArrayLike<number>);
  return { dims: [...t.dims], type: t.type ?? 'float32', data };
}

/** A plain tensor of exactly `dims`, every value finite. */
export function assertDims(value: unknown, what: string, dims: number[]): asserts value is PlainTensor {
  assertTensor(value, what, dims.length);
  if (value.dims.join('x') !== dims.join('x')) fail(`${what}: expected dims [${dims}], got [${value.dims}]`);
}

/** Wraps a loaded model (and processor) as the LoadedPipeline the runtime drives. */
export function modelClassPipeline(
  task: string,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  model: any,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  processor: any,
  run: (input: unknown, options?: Record<string, unknown>) => Promise<unknown>,
): LoadedPipeline {
  return Object.assign((input: unknown, options?: Record<string, unknown>) => run(input, options), {
    task,
    model,
    processor,
    dispose: async () => {
      await model.dispose();
    },
  }) as LoadedPipeline;
}

/**
 * Loads the class `config.architectures[0]` names when it is one of its model_type's `classes` (a
 * forecaster's checkpoint is either its base model or its prediction head), else the first of them.
 */
export async function loadNamedClass(request: ModelLoadRequest, classesByType: Readonly<Record<string, readonly string[]>>) {
  const { transformers, modelId, options } = request;
  const config = (await transformers.AutoConfig.from_pretrained(modelId, options as never)) as unknown as { model_type?: string; architectures?: string[] };
  const classes = classesByType[config.model_type ?? ''];
  if (!classes) throw new Error(`${modelId}: model_type "${config.model_type}" is not one of ${Object.keys(classesByType).join(', ')}`);
  const named = config.architectures?.[0];
  const name = named && classes.includes(named) ? named : classes[0]!;
  const cls = (transformers as unknown as Record<string, { from_pretrained(id: string, o: unknown): Promise<unknown> }>)[name];
  if (!cls) throw new Error(`transformers.js has no class ${name}`);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { name, model: (await cls.from_pretrained(modelId, options)) as any };
}

/** An input object of `call`, with a clear error when it is something else. */
export function inputObject(call: Call, what: string): Record<string, unknown> {
  const input = call.input;
  if (typeof input !== 'object' || input === null || Array.isArray(input) || ArrayBuffer.isView(input)) {
    throw new InvalidInputError(`${call.label}: expected ${what}, got ${preview(input)}`);
  }
  return input as Record<string, unknown>;
}

/** A rows × width table of finite numbers (time steps × channels, steps × state features). */
export function requireTable(call: Call, value: unknown, name: string, rows: number | undefined, width: number): number[][] {
  if (!Array.isArray(value) || value.length === 0) throw new InvalidInputError(`${call.label}: ${name} must be a non-empty array of rows, got ${preview(value, 80)}`);
  if (rows !== undefined && value.length !== rows) throw new InvalidInputError(`${call.label}: ${name} has ${value.length} rows; the model takes exactly ${rows}`);
  value.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== width) throw new InvalidInputError(`${call.label}: ${name}[${i}] must hold ${width} values, got ${preview(row, 80)}`);
    row.forEach((v, j) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidInputError(`${call.label}: ${name}[${i}][${j}] is ${String(v)}, not a finite number`);
    });
  });
  return value as number[][];
}

export const flatFloats = (rows: number[][]) => Float32Array.from(rows.flat());
