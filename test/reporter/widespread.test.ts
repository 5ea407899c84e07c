import { compareRun, widespreadSlowdownNote } from '../../src/reporter/compare-run';
import { DEFAULT_THRESHOLDS } from '../../src/reporter/compare';
import { batchesFromRecords, emptyBaselineFile, mergeBatches } from '../../src/baselines';
import { makeRecord } from '../baselines/fixtures/records';

/** Ten suites with steady baselines; `slower` of them run `factor` times slower in this run. */
function rowsFor(slower: number, factor: number) {
  const around = (center: number) => Array.from({ length: 12 }, (_, i) => center * (1 + 0.01 * (i - 6)));
  const suite = (i: number) => `text/family${i} fill-mask`;
  const recorded = Array.from({ length: 10 }, (_, i) => makeRecord({ suite: suite(i), samples: around(2) }));
  const baselines = new Map(Object.entries(mergeBatches(emptyBaselineFile(), batchesFromRecords(recorded, 'recorded', process.cwd())).file.entries));
  const records = Array.from({ length: 10 }, (_, i) => makeRecord({ suite: suite(i), samples: around(i < slower ? 2 * factor : 2) }));
  return compareRun(records, baselines, DEFAULT_THRESHOLDS);
}

describe('widespread slowdown note', () => {
  test('unrelated suites regressing together point at the machine, with their median factor', () => {
    const rows = rowsFor(4, 2);
    expect(rows.filter((row) => row.verdict === 'regression')).toHaveLength(4);
    expect(widespreadSlowdownNote(rows)).toMatch(/^4 of 10 suites regressed in time together \(median 2\.00x\).*machine was probably slower/);
  });

  test('one or two regressing suites are just regressions', () => {
    expect(widespreadSlowdownNote(rowsFor(2, 2))).toBeUndefined();
    expect(widespreadSlowdownNote(rowsFor(0, 1))).toBeUndefined();
  });
});
