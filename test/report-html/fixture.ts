import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { batchesFromRecords, updateBaselines, type RecordedRunEnvironment } from '../../src/baselines';
import { resultsFileFor } from '../../src/reporter/run-dir';
import { suiteOutcomesOf, writeSuiteOutcomes, type AssertionLike, type FileResultLike } from '../../src/reporter/suite-outcomes';
import type { MeasurementRecord, MetricName } from '../../src/runtime/measurements';
import { makeRecord } from '../baselines/fixtures/records';

/**
 * A synthetic project for the HTML report: baselines/cpu.json with 8 recorded runs of three suites,
 * and a run folder (records, environment.json, suites.json) in which gpt2 is twice as slow, whisper
 * failed, clip could not run at all and no device but the CPU was available. No model runs.
 */
export const ENVIRONMENT: RecordedRunEnvironment = {
  host: 'ci-runner', label: 'ci-runner', fingerprint: '0123456789ab', machine: 'Intel(R) Xeon(R) Processor x2', memoryBytes: 8 * 1024 ** 3, kernel: '6.1.0', node: 'v20.20.2',
};

interface SuiteSpec {
  category: string;
  modelType: string;
  task: string;
  /** ms per call; the vs_reference ratio follows it. */
  latency: number;
}
const MEASURED: SuiteSpec[] = [
  { category: 'text', modelType: 'bert', task: 'fill-mask', latency: 4 },
  { category: 'text', modelType: 'gpt2', task: 'text-generation', latency: 12 },
  { category: 'vision', modelType: 'vit', task: 'image-classification', latency: 7 },
];
const TIME_METRICS: Array<{ metric: MetricName; unit: MeasurementRecord['unit']; scale: number }> = [
  { metric: 'load_ms', unit: 'ms', scale: 9 },
  { metric: 'latency_ms', unit: 'ms', scale: 1 },
  { metric: 'cpu_ms', unit: 'ms', scale: 0.9 },
  { metric: 'latency_vs_reference', unit: 'ratio', scale: 0.5 },
];

const testFileOf = (s: { category: string; modelType: string }) => `generated/${s.category}/${s.modelType}.test.ts`;

function recordsOf(spec: SuiteSpec, factor: number, runShift: number, recordedAt: string): MeasurementRecord[] {
  const samples = (center: number) => Array.from({ length: 12 }, (_, i) => center * (1 + runShift) * (1 + (i - 5.5) / 200));
  const records = TIME_METRICS.map(({ metric, unit, scale }) =>
    makeRecord({ suite: `${spec.category}/${spec.modelType} ${spec.task}`, metric, unit, samples: samples(spec.latency * scale * factor), testFile: testFileOf(spec), recordedAt }),
  );
  records.push(makeRecord({ suite: `${spec.category}/${spec.modelType} ${spec.task}`, metric: 'rss_delta_bytes', unit: 'bytes', samples: [40 * 1024 ** 2 * (1 + runShift)], testFile: testFileOf(spec), recordedAt }));
  return records;
}

/** Colours, a stack frame and markup: what the page must escape and trim. */
const WHISPER_FAILURE = '\u001b[31mError: expected "<|en|>" & got <script>alert(1)</script>\u001b[39m\n    at Object.<anonymous> (generated/audio/whisper.test.ts:1:1)';

/** Jest's per-file results as the generated suites produce them (titles from describe-model.ts). */
function jestResults(root: string, whisperFailure = WHISPER_FAILURE): FileResultLike[] {
  const ran = (s: SuiteSpec, failing?: string): FileResultLike => {
    const top = `[${s.category}] ${s.modelType} ${s.task}`;
    const device = `[${s.category}] [cpu] ${s.modelType} ${s.task}`;
    const tests = ['answers the legacy inputs with well-formed output', 'is deterministic (same input twice gives the same output)', 'measures load time, latency, throughput and memory'];
    const testResults: AssertionLike[] = tests.map((name, i) => ({
      title: `${device}: ${name}`,
      ancestorTitles: [top, `${device} (tiny ${s.modelType})`],
      status: failing && i === 0 ? 'failed' : 'passed',
      failureMessages: failing && i === 0 ? [failing] : [],
    }));
    testResults.push({ title: `[${s.category}] [webgpu] ${s.modelType} ${s.task} — skipped: no WebGPU adapter on this machine`, ancestorTitles: [top], status: 'pending' });
    return { testFilePath: path.join(root, testFileOf(s)), testResults };
  };
  const whisper = { category: 'audio', modelType: 'whisper', task: 'automatic-speech-recognition', latency: 0 };
  const clip = { category: 'multimodal', modelType: 'clip', task: 'zero-shot-image-classification' };
  return [
    ...MEASURED.map((s) => ran(s)),
    ran(whisper, whisperFailure),
    {
      testFilePath: path.join(root, testFileOf(clip)),
      testResults: [{ title: `[${clip.category}] ${clip.modelType} ${clip.task} — skipped: transformers.js cannot run "clip" <vision+text> models`, ancestorTitles: [`[${clip.category}] ${clip.modelType} ${clip.task}`], status: 'pending' }],
    },
  ];
}

export interface ReportFixture {
  root: string;
  runDir: string;
  baselinesDir: string;
  /** Suites (matrix rows) and those with time measurements (charts). */
  suiteCount: number;
  measuredCount: number;
  cleanup(): void;
}

export function makeReportFixture(options: { whisperFailure?: string } = {}): ReportFixture {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-report-html-'));
  const baselinesDir = path.join(root, 'baselines');
  const shifts = [0.01, -0.015, 0.02, 0, -0.01, 0.015, -0.02, 0.005];
  // One update merging the eight runs in order: the same file as eight updates, one lock and write.
  const runs = shifts.map((shift, i) => {
    const runId = `20261201T0${i}0000Z-100${i}-abcdef`;
    const records = MEASURED.flatMap((s) => recordsOf(s, 1, shift, `2026-12-01T0${i}:00:00.000Z`));
    return { runId, batches: batchesFromRecords(records, runId, root) };
  });
  updateBaselines(baselinesDir, runs.flatMap((run) => run.batches), { runs: Object.fromEntries(runs.map((run) => [run.runId, ENVIRONMENT])) });
  const runDir = path.join(root, '.hf-convert', 'runs', '20261202T070000Z-2000-fedcba');
  fs.mkdirSync(runDir, { recursive: true });
  const current = MEASURED.flatMap((s) => recordsOf(s, s.modelType === 'gpt2' ? 2 : 1, 0.003, '2026-12-02T07:00:00.000Z'));
  fs.writeFileSync(resultsFileFor(runDir, '1'), `${current.map((r) => JSON.stringify(r)).join('\n')}\n`);
  fs.writeFileSync(path.join(runDir, 'environment.json'), JSON.stringify(ENVIRONMENT));
  writeSuiteOutcomes(runDir, jestResults(root, options.whisperFailure).flatMap((result) => suiteOutcomesOf(result, root)));
  return { root, runDir, baselinesDir, suiteCount: 5, measuredCount: MEASURED.length, cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
}

export { jestResults };
