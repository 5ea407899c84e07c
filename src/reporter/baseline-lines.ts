import type { BaselineFileSummary, FileUpdate } from '../baselines';
import { displayPath } from './settings';

/**
 * One line per baseline file an entry point read or wrote ("read baselines/cpu.json (346
 * entries)", "wrote ci-baselines/cpu.json (+120 sample(s))"), so a run always says which files
 * it used. Shared by the reporter and the `hf-convert baselines` commands.
 */
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function readLines(files: readonly BaselineFileSummary[], dir: string, cwd?: string): string[] {
  if (files.length === 0) return [`no baseline files in ${displayPath(dir, cwd)}`];
  return files.map((file) => `read ${displayPath(file.file, cwd)} (${plural(file.entries, 'entry', 'entries')})`);
}

export function updateLines(updates: readonly FileUpdate[], dir: string, cwd?: string): string[] {
  if (updates.length === 0) return [`nothing to merge into ${displayPath(dir, cwd)}`];
  return updates.map((update) => {
    const name = displayPath(update.file, cwd);
    const skipped = update.duplicates > 0 ? `${update.duplicates} already-merged sample(s) skipped` : '';
    if (update.added === 0) return `left ${name} unchanged (${skipped || 'no samples'})`;
    const details = [`+${update.added} sample(s)`, update.newKeys.length > 0 ? `${update.newKeys.length} new key(s)` : '', skipped].filter(Boolean);
    return `wrote ${name} (${details.join(', ')})`;
  });
}

export function pruneLines(results: ReadonlyArray<{ file: string; removed: readonly unknown[]; kept: number }>, dir: string, dryRun: boolean, cwd?: string): string[] {
  if (results.length === 0) return [`no baseline files in ${displayPath(dir, cwd)}`];
  return results.map(({ file, removed, kept }) => {
    const name = displayPath(file, cwd);
    if (removed.length === 0) return `read ${name} (${plural(kept, 'entry', 'entries')}, nothing to prune)`;
    const change = `-${plural(removed.length, 'entry', 'entries')}, ${kept} left`;
    if (kept === 0) return `${dryRun ? 'would delete' : 'deleted'} ${name} (${change})`;
    return `${dryRun ? 'would write' : 'wrote'} ${name} (${change})`;
  });
}
