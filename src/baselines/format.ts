import { z } from 'zod';
import { METRIC_NAMES } from '../runtime/measurements';

/** Identifies our files; anything else in `baselines/` is "foreign". */
export const BASELINE_FORMAT = 'hf-convert-baselines';
/**
 * Bump when the shape or the meaning of the figures changes incompatibly, and teach
 * `readBaselineFile` what to say about the old one. Version 2: load time is the model's own
 * (warm) load, memory is what the model adds, and every run says where it was recorded.
 */
export const BASELINE_VERSION = 2;
/** Raw samples kept per entry (the newest). */
export const MAX_SAMPLES = 200;
/** Sample sources remembered per entry, so re-merging a run dir never duplicates its samples. */
export const MAX_SOURCES = 500;


const nonEmpty = z.string().min(1);
const isoDate = z.iso.datetime({ offset: true });

export const sampleSourceSchema = z.strictObject({
  /** `<runId>|<testFile relative to the project root>`. */
  id: nonEmpty,
  /** How many samples this source has contributed in total (sample identity = source + index). */
  count: z.number().int().nonnegative(),
  /** Wall-time metrics: share of the timed stretch the JS thread waited for a CPU (see MeasurementRecord). */
  waitShare: z.number().min(0).max(1).optional(),
  /**
   * The median of this source's samples. The run-level test compares a run's median with these, so
   * it keeps seeing many runs after their samples have left the window of MAX_SAMPLES.
   */
  median: z.number().refine(Number.isFinite, 'must be a finite number').optional(),
});

/** Where one recorded run was measured (see src/baselines/host.ts). */
export const runEnvironmentSchema = z.strictObject({
  host: nonEmpty,
  label: nonEmpty.optional(),
  fingerprint: nonEmpty,
  machine: nonEmpty,
  memoryBytes: z.number().int().nonnegative(),
  kernel: nonEmpty,
  node: nonEmpty,
});

/** The fields that identify a measurement series: shared by run records and baseline entries. */
export const measurementSeriesShape = {
  suite: nonEmpty,
  metric: z.enum(METRIC_NAMES),
  device: nonEmpty,
  dtype: nonEmpty,
  runtime: nonEmpty,
  machine: nonEmpty,
  better: z.enum(['lower', 'higher']),
  unit: z.enum(['ms', 'items/s', 'bytes', 'ratio']),
};

export const baselineEntrySchema = z.strictObject({
  ...measurementSeriesShape,
  /** The newest raw samples, oldest first, at most MAX_SAMPLES. */
  samples: z.array(z.number().refine(Number.isFinite, 'must be a finite number')).min(1).max(MAX_SAMPLES),
  median: z.number(),
  iqr: z.number().nonnegative(),
  /** Number of samples in `samples` (what median and iqr describe). */
  count: z.number().int().positive(),
  /** Samples ever merged into this entry, including ones that aged out of the window. */
  totalSamples: z.number().int().positive(),
  /** When the newest merged record was measured. */
  recordedAt: isoDate,
  /** Exact CPU description of the machine that measured the newest record. */
  recordedOn: nonEmpty,
  /** Model source of the newest record (`local`, `hub`, `tiny`). */
  modelSource: z.string().optional(),
  sources: z.array(sampleSourceSchema).max(MAX_SOURCES),
});

export const baselineFileSchema = z.strictObject({
  format: z.literal(BASELINE_FORMAT),
  version: z.literal(BASELINE_VERSION),
  /** Run id → where that run was measured, for every run some entry still has samples of. */
  runs: z.record(z.string(), runEnvironmentSchema),
  entries: z.record(z.string(), baselineEntrySchema),
});

export type SampleSource = z.infer<typeof sampleSourceSchema>;
export type BaselineEntry = z.infer<typeof baselineEntrySchema>;
export type BaselineFile = z.infer<typeof baselineFileSchema>;
export type RecordedRunEnvironment = z.infer<typeof runEnvironmentSchema>;

export function emptyBaselineFile(): BaselineFile {
  return { format: BASELINE_FORMAT, version: BASELINE_VERSION, runs: {}, entries: {} };
}
