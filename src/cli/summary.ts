import * as path from 'node:path';
import { colorsFor, type Colors } from '../util/color';
import type { ConversionResult } from '../convert';
import type { FileRecord } from '../plan';

export interface Summary {
  files: number;
  converted: number;
  folded: number;
  skipped: number;
  failed: number;
  suites: number;
  topReasons: { skipped: [string, number][]; failed: [string, number][] };
  byCategory: Record<string, number>;
  byLanguage: Record<string, number>;
  byVariant: Record<string, number>;
  warnings: number;
  /** Suites naming an ONNX checkpoint to load, and the model types of those that cannot (none listed). */
  onnx: { suites: number; none: string[] };
  /** Files whose legacy id no catalog lists (kept as provenance, with an `unverified checkpoint` warning). */
  unverifiedIds: number;
  outputs: Record<string, number>;
  durationMs: number;
  filesPerSecond: number;
  cacheHits: number;
}

export function summarise(result: ConversionResult): Summary {
  const count = (status: FileRecord['status']) => result.records.filter((r) => r.status === status).length;
  const seconds = result.durationMs / 1000;
  return {
    files: result.records.length,
    converted: count('converted'),
    folded: count('duplicate'),
    skipped: count('skipped'),
    failed: count('failed'),
    suites: result.suites.length,
    topReasons: { skipped: topReasons(result.records, 'skipped'), failed: topReasons(result.records, 'failed') },
    // Categories count suites (a suite has one category); languages and variants count files.
    byCategory: tally(result.suites.map((s) => s.spec.category)),
    byLanguage: tally(result.records.map((r) => r.language ?? 'none')),
    byVariant: tally(result.records.filter((r) => r.variant).map((r) => r.variant!)),
    warnings: result.records.reduce((n, r) => n + r.warnings.length, 0),
    onnx: {
      suites: result.suites.filter((s) => s.spec.onnxModelId).length,
      none: result.suites.filter((s) => !s.spec.onnxModelId).map((s) => s.spec.modelType).sort(),
    },
    unverifiedIds: result.records.filter((r) => r.warnings.some((w) => w.startsWith('unverified checkpoint'))).length,
    outputs: tally(result.changes.map((c) => c.action)),
    durationMs: Math.round(result.durationMs),
    filesPerSecond: seconds > 0 ? Math.round(result.records.length / seconds) : result.records.length,
    cacheHits: result.cacheHits,
  };
}

/** Reasons are grouped by their lead phrase (`unknown model type: …` → `unknown model type`). */
function topReasons(records: FileRecord[], status: FileRecord['status']): [string, number][] {
  const reasons = records.filter((r) => r.status === status).map((r) => (r.reason ?? 'no reason').split(':')[0]);
  return Object.entries(tally(reasons)).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 5);
}

function tally(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of [...values].sort()) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

export function formatSummary(summary: Summary, result: ConversionResult, options: { dryRun: boolean; check: boolean; colors?: Colors }): string {
  const pc = options.colors ?? colorsFor({ isTTY: false });
  const lines: string[] = [];
  const inline = (counts: Record<string, number>) => Object.entries(counts).map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
  lines.push(pc.bold(`hf-convert: ${summary.files} legacy files → ${summary.suites} suites in ${rel(result.outDir)}`));
  lines.push(
    `  ${pc.green(`converted ${summary.converted}`)}, folded ${summary.folded}, ${pc.yellow(`skipped ${summary.skipped}`)}, ${summary.failed ? pc.red(`failed ${summary.failed}`) : 'failed 0'}`,
  );
  for (const [status, reasons] of Object.entries(summary.topReasons)) {
    for (const [reason, n] of reasons) lines.push(`    ${status}: ${reason} (${n})`);
  }
  lines.push(`  suites by category: ${inline(summary.byCategory)}`);
  lines.push(`  files by language: ${inline(summary.byLanguage)}`);
  lines.push(`  files by variant: ${inline(summary.byVariant)}`);
  const none = summary.onnx.none.length ? `; none listed for ${summary.onnx.none.join(', ')}` : '';
  lines.push(`  ONNX checkpoints: ${summary.onnx.suites} of ${summary.suites} suites name one${none}`);
  if (summary.unverifiedIds) lines.push(`  unverified legacy ids: ${summary.unverifiedIds} files (no catalog lists them; kept as provenance only)`);
  lines.push(`  warnings: ${summary.warnings} (see --manifest for each file's warnings)`);
  const verb = options.dryRun || options.check ? 'would ' : '';
  const outputs = result.changes.filter((c) => c.action !== 'unchanged');
  lines.push(`  output: ${inline(summary.outputs)}`);
  for (const change of outputs.slice(0, 20)) {
    lines.push(`    ${verb}${change.action} ${change.output}${change.reason ? ` — ${change.reason}` : ''}`);
  }
  if (outputs.length > 20) lines.push(`    … and ${outputs.length - 20} more`);
  lines.push(`  ${(summary.durationMs / 1000).toFixed(2)} s, ${summary.filesPerSecond} files/s (${summary.cacheHits} from cache)`);
  return lines.join('\n');
}

function rel(p: string): string {
  const r = path.relative(process.cwd(), p);
  return r === '' ? '.' : r.startsWith('..') ? p : `${r}/`;
}
