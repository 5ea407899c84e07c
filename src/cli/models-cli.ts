import * as path from 'node:path';
import type { Command } from 'commander';
import type { PullResult, PullTarget } from '../runtime/hub';
import type { CliIo } from './index';
import { createDownloadProgressReporter, formatBytes } from './progress';

/**
 * The Hub code (and transformers.js), and the suite reader with Babel and fast-glob (a third of the
 * CLI's start-up, which a conversion never uses), load only when a models command runs.
 */
const suiteSpecs = () => require('./suite-specs') as typeof import('./suite-specs');
const hub = () => require('../runtime/hub') as typeof import('../runtime/hub');
const host = () => require('../runtime/host') as typeof import('../runtime/host');

interface PullFlags {
  to?: string;
  progress: boolean;
  json?: boolean;
}

/** `hf-convert models pull [paths...]`, added to the main program. */
export function addModelCommands(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const models = program.command('models').description('prepare the real checkpoints generated suites load (HF_ENDPOINT, HF_CACHE_DIR, HF_TOKEN)');
  models
    .command('pull')
    .description("download each suite's ONNX checkpoint (the files transformers.js reads for its task on CPU fp32) into HF_CACHE_DIR, or --to an HF_MODELS_DIR")
    .argument('[paths...]', 'generated suites or folders of them (default: generated)')
    .option('--to <dir>', 'download into this HF_MODELS_DIR-style folder (<org>/<name>/) instead of HF_CACHE_DIR')
    .option('--no-progress', 'no progress bar (TTY) or progress lines (CI)')
    .option('--json', 'print the result as JSON on stdout')
    .action(async (paths: string[], flags: PullFlags, cmd: Command) => {
      // The main program has its own --no-progress, which Commander may hand to it instead.
      for (let c: Command | null = cmd; c; c = c.parent) if (c.opts().progress === false) flags.progress = false;
      setExit(await runPull(paths, flags, io));
    });
}

async function runPull(paths: string[], flags: PullFlags, io: CliIo): Promise<number> {
  const { hubSettings, isHubError, pullModels } = hub();
  let settings;
  let files: string[];
  try {
    settings = hubSettings(process.env);
    files = suiteSpecs().findSuiteFiles(paths);
  } catch (error) {
    io.stderr.write(`hf-convert models pull: ${(error as Error).message}\n`);
    return 2;
  }
  if (files.length === 0) {
    io.stderr.write(`hf-convert models pull: no generated suites (<category>/<model_type>.test.ts) under ${paths.length ? paths.join(', ') : 'generated'}\n`);
    return 2;
  }

  const targets = new Map<string, PullTarget>();
  const skipped: string[] = [];
  const unreadable: string[] = [];
  for (const file of files) {
    const rel = path.relative(process.cwd(), file) || file;
    let spec;
    try {
      spec = suiteSpecs().readSuiteSpec(file);
    } catch (error) {
      unreadable.push((error as Error).message);
      continue;
    }
    if (!spec.onnxModelId) {
      skipped.push(`${rel}: no ONNX checkpoint for ${spec.modelId} (onnxModelId is ${spec.onnxModelId === null ? 'null' : 'absent'})`);
      continue;
    }
    const target = targets.get(spec.onnxModelId) ?? { id: spec.onnxModelId, tasks: [], suites: [] };
    if (!target.tasks.includes(spec.task)) target.tasks.push(spec.task);
    target.suites.push(rel);
    targets.set(spec.onnxModelId, target);
  }

  const root = flags.to ? path.resolve(flags.to) : settings.cacheDir;
  const progress = createDownloadProgressReporter(io.stderr, flags.progress && !flags.json);
  const started = performance.now();
  let result: PullResult;
  try {
    result = await pullModels([...targets.values()], { settings, root, rootLabel: flags.to ? '--to' : 'HF_CACHE_DIR', transformers: host().loadTransformers(), onProgress: (p) => progress.update(p) });
  } catch (error) {
    progress.stop();
    if (isHubError(error) && error.code === 'config') {
      io.stderr.write(`hf-convert models pull: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  progress.stop();

  const failed = result.totals.models.failed + unreadable.length;
  if (flags.json) {
    io.stdout.write(JSON.stringify({ ...result, skipped, unreadable }, null, 2) + '\n');
  } else {
    io.stdout.write(formatPull(result, skipped, unreadable, settings.endpoint, (performance.now() - started) / 1000) + '\n');
  }
  return failed > 0 ? 1 : 0;
}

function formatPull(result: PullResult, skipped: string[], unreadable: string[], endpoint: string, seconds: number): string {
  const lines = [`models pull: ${result.models.length} checkpoint(s) from ${endpoint} into ${result.root}`];
  for (const m of result.models) {
    const files = (s: string) => m.files.filter((f) => f.status === s);
    if (m.error) {
      lines.push(`  ✗ ${m.id}: failed — ${m.error}`);
      continue;
    }
    const fetched = files('fetched');
    const parts = [
      fetched.length ? `fetched ${fetched.length} file(s) (${formatBytes(fetched.reduce((n, f) => n + (f.bytes ?? 0), 0))})` : '',
      files('present').length ? `${files('present').length} already present` : '',
      files('absent').length ? `not in the repository (optional): ${files('absent').map((f) => f.file).join(', ')}` : '',
      m.verified ? '' : 'no checksums from the endpoint (sizes checked only)',
    ].filter(Boolean);
    lines.push(`  ✓ ${m.id} (${m.tasks.join(', ')}): ${parts.join('; ')}`);
    for (const f of m.files) for (const note of f.notes ?? []) lines.push(`      ${f.file}: ${note}`);
  }
  for (const s of skipped) lines.push(`  - skipped ${s}`);
  for (const u of unreadable) lines.push(`  ✗ ${u}`);
  const t = result.totals;
  lines.push(
    `fetched ${t.fetched} file(s) (${formatBytes(t.bytes)}), already present ${t.present}, failed ${t.models.failed + unreadable.length} checkpoint(s)` +
      `${skipped.length ? `, skipped ${skipped.length} suite(s)` : ''} in ${seconds.toFixed(1)} s`,
  );
  return lines.join('\n');
}
