import { readBaselinesDir } from '../baselines';
import type { ComparisonThresholds } from '../reporter/compare';
import { compareRun, contentionNote, crossHostNote, machineSpeedNote, widespreadSlowdownNote } from '../reporter/compare-run';
import { readRunRecords } from '../reporter/run-records';
import { readSuiteOutcomes } from '../reporter/suite-outcomes';
import type { HtmlReportInput } from './render';

export { escapeHtml, renderHtmlReport, runMedians, type HtmlReportInput } from './render';
export { renderChart, type ChartPanel } from './chart';

/**
 * The page's data for one run folder: its records and suites.json, compared with the baselines in
 * `baselinesDir` the way the reporter compares them (compareRun and its notes; no re-measurement).
 */
export function loadHtmlReportInput(runDir: string, baselinesDir: string, thresholds: ComparisonThresholds, now: Date = new Date()): HtmlReportInput {
  const run = readRunRecords(runDir);
  const notes = run.problems.map((problem) => `skipped unreadable record ${problem}`);
  const suites = readSuiteOutcomes(runDir);
  if (typeof suites === 'string') notes.push(`suite outcomes unreadable: ${suites}`);
  const baselines = readBaselinesDir(baselinesDir);
  const rows = compareRun(run.records, baselines.entries, thresholds, { environment: run.environment, baselineRuns: baselines.runs });
  for (const note of [widespreadSlowdownNote(rows), contentionNote(rows), machineSpeedNote(rows), crossHostNote(rows, run.environment)]) if (note) notes.push(note);
  return {
    runId: run.runId,
    runDir,
    generatedAt: now.toISOString(),
    ...(run.environment ? { environment: run.environment } : {}),
    thresholds,
    rows,
    ...(Array.isArray(suites) ? { suites } : {}),
    records: run.records,
    baselines: baselines.entries,
    notes,
  };
}
