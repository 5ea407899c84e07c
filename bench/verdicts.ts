/**
 * Do the reporter's verdicts hold in the runs users make? Measured on the real generated suites.
 *
 *   node -r esbuild-register bench/verdicts.ts [--record 6] [--rounds 2] [--old <git ref>] [--layers 3,6,8] [--hog]
 *        [--baselines <dir>] [--skip-unchanged] [--only new|old] [--json]
 *
 * 1. Record: `--record` full runs of the models project into a fresh baselines folder.
 * 2. Judge unchanged code in the shapes users run, `--rounds` times each, interleaved: the full
 *    project, the full project in a shuffled file order, one category (generated/text), and bert,
 *    vit, gpt2, whisper and t5 each alone. Every flagged metric is a false alarm.
 * 3. Slower models: full runs with HF_TINY_LAYERS (default 3 and 4 layers against 2), each suite
 *    classed by how much more CPU its call really took (cpu_ms median against the baseline's):
 *    suites ≥ 1.5x must be flagged in latency or CPU time, suites ≤ 1.2x never.
 * 4. With `--hog`: full runs pinned to core 0 (taskset) beside a busy loop pinned there too, on
 *    unchanged code: contention, not a code change. CPU-time metrics must stay unchanged (or be
 *    called noisy), and the report's note must name the contention.
 * `--baselines <dir>` starts from a copy of recorded baselines instead of recording (new code only);
 * `--skip-unchanged` leaves out step 2.
 * With `--old <ref>`, steps 1–2 also run on that commit's code (a git worktree sharing this
 * node_modules), interleaved run by run with the new code, so both face the same machine.
 * Prints false alarms per metric and per run shape, and detection rates, old and new side by side.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

interface Row {
  suite: string;
  metric: string;
  verdict: string;
  worseFactor: number | null;
  currentMedian: number | null;
  baselineMedian: number | null;
  reason?: string;
}

interface Side {
  name: 'new' | 'old';
  root: string;
  work: string;
}

const ROOT = path.resolve(__dirname, '..');
const SEQUENCER = path.join(ROOT, 'bench', 'shuffled-sequencer.cjs');
const SINGLES = ['text/bert', 'vision/vit', 'text/gpt2', 'audio/whisper', 'text/t5'];
const JUDGED = new Set(['regression', 'improvement', 'unchanged', 'noisy']);

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

const RECORD = Number(option('record', '6'));
const ROUNDS = Number(option('rounds', '2'));
const OLD_REF = option('old', '');
const LAYERS = option('layers', '3,6,8').split(',').filter((value) => value && value !== 'none').map(Number);
const ONLY = option('only', '');
const HOG = process.argv.includes('--hog');
const FROM_BASELINES = option('baselines', '');
const SKIP_UNCHANGED = process.argv.includes('--skip-unchanged');
const JSON_OUT = process.argv.includes('--json');

const log = (line: string) => process.stderr.write(`${line}\n`);

/** One Jest run of the models project; returns the report's rows (empty when it wrote none). */
function jest(side: Side, label: string, args: string[], env: Record<string, string> = {}, pinned = false): Row[] {
  const runDir = fs.mkdtempSync(path.join(side.work, 'run-'));
  const baselines = path.join(side.work, 'baselines');
  const report = path.join(baselines, 'report.json');
  fs.rmSync(report, { force: true });
  const started = Date.now();
  const command = [process.execPath, require.resolve('jest/bin/jest', { paths: [side.root] }), '--selectProjects', 'models', '--ci', ...args];
  const child = spawnSync(pinned ? 'taskset' : command[0], pinned ? ['-c', '0', ...command] : command.slice(1), {
    cwd: side.root,
    encoding: 'utf8',
    env: { ...process.env, HF_BASELINES_DIR: baselines, HF_RUN_DIR: runDir, HF_UPDATE_BASELINES: '0', HF_FAIL_ON_REGRESSION: '0', CI: '1', ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (child.status !== 0) log(`  ${side.name} ${label}: jest exited ${child.status}: ${(child.stderr ?? '').split('\n').filter((l) => /✕|●/.test(l)).slice(0, 3).join(' / ')}`);
  const rows = fs.existsSync(report) ? (JSON.parse(fs.readFileSync(report, 'utf8')).rows as Row[]) : [];
  const flagged = rows.filter((row) => row.verdict === 'regression');
  log(`  ${side.name} ${label}: ${seconds} s, ${flagged.length} of ${rows.filter((row) => JUDGED.has(row.verdict)).length} flagged${flagged.length ? `: ${flagged.map((row) => `${row.suite.split(' ')[0]} ${row.metric} ${row.worseFactor?.toFixed(2)}x`).join(', ')}` : ''}`);
  return rows;
}

function oldSide(work: string): Side {
  const tree = path.join(work, 'tree');
  const added = spawnSync('git', ['worktree', 'add', '--detach', tree, OLD_REF], { cwd: ROOT, encoding: 'utf8' });
  if (added.status !== 0) throw new Error(`git worktree add ${OLD_REF}: ${added.stderr}`);
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(tree, 'node_modules'));
  return { name: 'old', root: tree, work };
}

interface Tally {
  judged: number;
  flagged: number;
}
const tally = (): Tally => ({ judged: 0, flagged: 0 });

function count(into: Map<string, Tally>, key: string, rows: Row[]): void {
  const entry = into.get(key) ?? tally();
  for (const row of rows.filter((candidate) => JUDGED.has(candidate.verdict))) {
    entry.judged++;
    if (row.verdict === 'regression') entry.flagged++;
  }
  into.set(key, entry);
}

function percent({ judged, flagged }: Tally): string {
  return judged === 0 ? '—' : `${flagged}/${judged} (${((100 * flagged) / judged).toFixed(1)}%)`;
}

function main(): void {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-bench-verdicts-'));
  const sides: Side[] = [];
  if (ONLY !== 'old') sides.push({ name: 'new', root: ROOT, work: fs.mkdtempSync(path.join(base, 'new-')) });
  if (OLD_REF && ONLY !== 'new') sides.push(oldSide(fs.mkdtempSync(path.join(base, 'old-'))));
  const shuffledArgs = (seed: number) => ({ args: ['--testSequencer', SEQUENCER], env: { HF_BENCH_SEED: String(seed) } });
  try {
    if (FROM_BASELINES) {
      if (sides.some((side) => side.name === 'old')) throw new Error('--baselines is for the new code only (drop --old)');
      for (const side of sides) fs.cpSync(path.resolve(FROM_BASELINES), path.join(side.work, 'baselines'), { recursive: true });
      log(`starting from the baselines in ${FROM_BASELINES}`);
    } else {
      log(`recording ${RECORD} full runs per side into fresh baselines (${os.cpus()[0]?.model} x${os.cpus().length})`);
      for (let run = 0; run < RECORD; run++) for (const side of sides) jest(side, `record ${run + 1}`, [], { HF_UPDATE_BASELINES: '1' });
    }

    const byMetric = new Map<string, Map<string, Tally>>(sides.map((side) => [side.name, new Map()]));
    const byShape = new Map<string, Map<string, Tally>>(sides.map((side) => [side.name, new Map()]));
    log(`judging unchanged code, ${ROUNDS} round(s)`);
    for (let round = 0; round < (SKIP_UNCHANGED ? 0 : ROUNDS); round++) {
      const shapes: Array<{ shape: string; args: string[]; env?: Record<string, string> }> = [
        { shape: 'full run', args: [] },
        { shape: 'full run, shuffled order', ...shuffledArgs(round + 1) },
        { shape: 'generated/text alone', args: ['generated/text'] },
        ...SINGLES.map((suite) => ({ shape: `${suite} alone`, args: [`generated/${suite}.test.ts`] })),
      ];
      for (const { shape, args, env } of shapes) {
        for (const side of sides) {
          const rows = jest(side, shape, args, env);
          count(byShape.get(side.name)!, shape, rows);
          for (const row of rows) count(byMetric.get(side.name)!, row.metric, [row]);
        }
      }
    }

    // Each suite's real slowdown at a depth: the median over rounds of its CPU time per call against
    // the reference workload's (the steadiest figure), current over baseline.
    const detection: Array<{ layers: number; suites: number; atLeast15: Tally; between: Tally; atMost12: Tally }> = [];
    const TIME_METRICS = new Set(['cpu_ms', 'latency_ms', 'cpu_vs_reference', 'latency_vs_reference']);
    const newSide = sides.find((side) => side.name === 'new');
    if (newSide) {
      log(`slower models: HF_TINY_LAYERS=${LAYERS.join(', ')} (default 2)`);
      for (const layers of LAYERS) {
        const perSuite = new Map<string, Array<{ factor: number; caught: boolean }>>();
        for (let round = 0; round < ROUNDS; round++) {
          const rows = jest(newSide, `HF_TINY_LAYERS=${layers}`, [], { HF_TINY_LAYERS: String(layers) });
          const bySuite = new Map<string, Row[]>();
          for (const row of rows) bySuite.set(row.suite, [...(bySuite.get(row.suite) ?? []), row]);
          for (const [suite, suiteRows] of bySuite) {
            const work = suiteRows.find((row) => row.metric === 'cpu_vs_reference') ?? suiteRows.find((row) => row.metric === 'cpu_ms');
            if (!work?.currentMedian || !work.baselineMedian) continue;
            const caught = suiteRows.some((row) => TIME_METRICS.has(row.metric) && row.verdict === 'regression');
            perSuite.set(suite, [...(perSuite.get(suite) ?? []), { factor: work.currentMedian / work.baselineMedian, caught }]);
          }
        }
        const result = { layers, suites: perSuite.size, atLeast15: tally(), between: tally(), atMost12: tally() };
        for (const runs of perSuite.values()) {
          const factor = runs.map((run) => run.factor).sort((a, b) => a - b)[Math.floor((runs.length - 1) / 2)];
          const bucket = factor >= 1.5 ? result.atLeast15 : factor <= 1.2 ? result.atMost12 : result.between;
          for (const run of runs) {
            bucket.judged++;
            if (run.caught) bucket.flagged++;
          }
        }
        detection.push(result);
      }
    }

    const hogged = new Map<string, Map<string, Tally>>(sides.map((side) => [side.name, new Map()]));
    const hogNotes: string[] = [];
    if (HOG) {
      log(`contention: full runs pinned to core 0 beside a busy loop on core 0, ${ROUNDS} round(s)`);
      for (let round = 0; round < ROUNDS; round++) {
        for (const side of sides) {
          const hog = spawn('taskset', ['-c', '0', process.execPath, '-e', 'for (;;) {}'], { stdio: 'ignore' });
          try {
            const rows = jest(side, 'full run beside a CPU hog on its core', [], {}, true);
            for (const row of rows) count(hogged.get(side.name)!, row.metric, [row]);
            const report = path.join(side.work, 'baselines', 'report.json');
            if (fs.existsSync(report)) hogNotes.push(...(JSON.parse(fs.readFileSync(report, 'utf8')).notes as string[]).filter((note) => /^contention/.test(note)).map((note) => `${side.name}: ${note}`));
          } finally {
            hog.kill('SIGKILL');
          }
        }
      }
    }

    const metrics = [...new Set([...byMetric.values()].flatMap((map) => [...map.keys()]))].sort();
    const shapes = [...new Set([...byShape.values()].flatMap((map) => [...map.keys()]))];
    const header = ['', ...sides.map((side) => `${side.name} code`)];
    const table = (title: string, keys: string[], source: Map<string, Map<string, Tally>>) => [
      `| ${title} | ${header.slice(1).join(' | ')} |`,
      `|---|${header.slice(1).map(() => '---:').join('|')}|`,
      ...keys.map((key) => `| ${key} | ${sides.map((side) => percent(source.get(side.name)!.get(key) ?? tally())).join(' | ')} |`),
    ];
    const total = (side: Side) => [...byMetric.get(side.name)!.values()].reduce((sum, t) => ({ judged: sum.judged + t.judged, flagged: sum.flagged + t.flagged }), tally());
    const lines = [
      `false alarms on unchanged code (${RECORD} recorded runs, ${ROUNDS} round(s) of each shape)`,
      '',
      ...table('metric', metrics, byMetric),
      `| **all metrics** | ${sides.map((side) => `**${percent(total(side))}**`).join(' | ')} |`,
      '',
      ...table('run shape', shapes, byShape),
      '',
      'slower models (new code): runs flagged in a time metric, by how much the suite\'s CPU time per call really grew',
      '',
      '| HF_TINY_LAYERS | suites | ≥ 1.5x: caught | 1.2–1.5x: flagged | ≤ 1.2x: flagged |',
      '|---:|---:|---:|---:|---:|',
      ...detection.map((d) => `| ${d.layers} | ${d.suites} | ${percent(d.atLeast15)} | ${percent(d.between)} | ${percent(d.atMost12)} |`),
      ...(HOG ? ['', 'unchanged code beside a CPU hog on the same core (flagged as regressions)', '', ...table('metric', metrics, hogged), ...hogNotes.map((note) => `- ${note}`)] : []),
    ];
    if (JSON_OUT) process.stdout.write(`${JSON.stringify({ byMetric: Object.fromEntries([...byMetric].map(([k, v]) => [k, Object.fromEntries(v)])), byShape: Object.fromEntries([...byShape].map(([k, v]) => [k, Object.fromEntries(v)])), detection }, null, 2)}\n`);
    else process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    for (const side of sides) if (side.name === 'old') spawnSync('git', ['worktree', 'remove', '--force', side.root], { cwd: ROOT });
    fs.rmSync(base, { recursive: true, force: true });
  }
}

main();
