/**
 * One measurement the runtime records for the regression reporter.
 * Written as JSON lines to `<runDir>/results-<workerId>.jsonl`; never parsed from stdout.
 */
export const METRIC_NAMES = [
  'load_ms',
  'latency_ms',
  /** Process CPU time per call (all threads): far steadier than wall time on shared machines. */
  'cpu_ms',
  'throughput_batch1_items_per_s',
  'throughput_batch_items_per_s',
  'rss_delta_bytes',
  'rss_peak_bytes',
  'model_bytes',
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

export interface MeasurementKey {
  /** Suite identity: `<category>/<model_type>` plus task. */
  suite: string;
  metric: MetricName;
  device: string;
  dtype: string;
  /** `transformers.js@x onnxruntime-node@y`. */
  runtime: string;
  /** CPU model name and core count, e.g. `Intel(R) Xeon(R) ... x2`. Never clock speed. */
  machine: string;
}

export interface MeasurementRecord extends MeasurementKey {
  /** Which way is worse. */
  better: 'lower' | 'higher';
  unit: 'ms' | 'items/s' | 'bytes';
  samples: number[];
  /** Model source the suite used: `local`, `hub`, `tiny`. */
  modelSource: string;
  /** Did the suite's tests pass? The reporter only records baselines from passing suites. */
  passed?: boolean;
  recordedAt: string;
  testFile: string;
}
