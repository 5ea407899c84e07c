/**
 * One measurement the runtime records for the regression reporter.
 * Written as JSON lines to `<runDir>/results-<workerId>.jsonl`; never parsed from stdout.
 */
export const METRIC_NAMES = [
  /**
   * The model's own load: pipeline creation repeated in a process that has already loaded models
   * (the worker is warmed first), median of several loads. Never the process's first load, whose
   * cost depends on what ran before the suite.
   */
  'load_ms',
  'latency_ms',
  /** Process CPU time per call (all threads): far steadier than wall time on shared machines. */
  'cpu_ms',
  /**
   * latency_ms and cpu_ms divided, sample by sample, by the time of a fixed reference workload
   * (a tiny BERT feature extraction) run right after each timed call: the machine's speed moves by
   * up to 2x within seconds on shared VMs, and the reference moves with it, so the ratio is far
   * steadier than either time.
   */
  'latency_vs_reference',
  'cpu_vs_reference',
  'throughput_batch1_items_per_s',
  'throughput_batch_items_per_s',
  /** RSS growth across the suite's first load of its model, garbage collected before and after. */
  'rss_delta_bytes',
  /** Peak RSS during the suite's load and measurements, above the RSS just before its load. */
  'rss_peak_delta_bytes',
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
  /** `ratio`: a time divided by the reference workload's time measured beside it. */
  unit: 'ms' | 'items/s' | 'bytes' | 'ratio';
  samples: number[];
  /** Model source the suite used: `local`, `hub`, `tiny`. */
  modelSource: string;
  /** Did the suite's tests pass? The reporter only records baselines from passing suites. */
  passed?: boolean;
  recordedAt: string;
  testFile: string;
  /**
   * Time metrics: the share of the timed stretch the JS thread spent waiting for a CPU (contention:
   * another process or thread had it). The reporter calls a slowdown measured under much more
   * waiting than its baseline, and within what that waiting explains, `noisy`, not a regression.
   */
  waitShare?: number;
}
