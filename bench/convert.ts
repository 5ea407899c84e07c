/**
 * bench/convert: cold and no-change-rerun conversion of a large legacy corpus, next to a plain regex
 * scan of the same files measured in the same run (these machines are noisy: compare ratios).
 *
 *   npm run build && node -r esbuild-register bench/convert.ts [--files 1000] [--repeat 5] [--corpus python,js]
 *
 * Two corpora, measured separately (issue 10): `python` (the Python legacy files, mutated and
 * renamed, 40% broken) and `js` (the JS/TS ones, a quarter of them TypeScript machine-translated
 * from the Python files; about 40% do not parse with Babel). `all` is the mixed corpus of earlier
 * figures.
 * Every figure is a whole process, Node start-up included, as a user would run it. Two floors are
 * measured alongside: Node running an empty script, and the converter on a one-file copy of the
 * corpus (its fixed cost: start-up, scan, cache, summary), so a ratio can be read against what no
 * design of the extraction can go below.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { buildCorpus } from './corpus';

const REPO = path.join(__dirname, '..');
const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const FILES = option('files', 1000);
const REPEAT = option('repeat', 5);
const CORPORA = (args.includes('--corpus') ? args[args.indexOf('--corpus') + 1]! : 'python,js').split(',') as Array<'all' | 'python' | 'js'>;

interface Measurement {
  seconds: number;
  rssBytes: number;
}

function measure(script: string, scriptArgs: string[]): Measurement {
  const rssFile = path.join(os.tmpdir(), `hf-bench-rss-${process.pid}`);
  const start = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['-r', path.join(__dirname, 'rss-probe.js'), script, ...scriptArgs], {
    env: { ...process.env, HF_BENCH_RSS_FILE: rssFile },
    encoding: 'utf8',
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (child.status !== 0) throw new Error(`${script} ${scriptArgs.join(' ')} exited ${child.status}: ${child.stderr}`);
  const rssBytes = Number(fs.readFileSync(rssFile, 'utf8'));
  fs.rmSync(rssFile, { force: true });
  return { seconds, rssBytes };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function main(): void {
  if (!fs.existsSync(path.join(REPO, 'dist', 'cli', 'index.js'))) throw new Error('run `npm run build` first: the benchmark times the built CLI');
  console.log(`machine: ${os.cpus()[0]?.model} x${os.cpus().length}, node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  for (const languages of CORPORA) {
    if (!['all', 'python', 'js'].includes(languages)) throw new Error(`--corpus takes python, js or all (comma-separated), got ${languages}`);
    benchCorpus(languages);
  }
}

function benchCorpus(languages: 'all' | 'python' | 'js'): void {
  const cli = path.join(REPO, 'bin', 'hf-convert.js');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-bench-convert-'));
  const corpus = path.join(work, 'corpus');
  const built = buildCorpus({ sourceDir: path.join(REPO, 'legacy-tests'), outDir: corpus, files: FILES, targetBytes: 22_000, brokenShare: 0.4, languages });
  const unparseable = languages === 'python' ? 'broken on purpose' : languages === 'js' ? 'do not parse with Babel' : 'broken';
  console.log(`\n== ${languages} corpus: ${built.files} files, ${(built.bytes / 1e6).toFixed(1)} MB, ${built.broken} ${unparseable} (${((100 * built.broken) / built.files).toFixed(0)}%) in ${corpus}`);

  const regex: Measurement[] = [];
  const cold: Measurement[] = [];
  const rerun: Measurement[] = [];
  const nodeFloor: Measurement[] = [];
  const oneFile: Measurement[] = [];
  const regexScript = path.join(__dirname, 'regex-scan.js');
  const emptyScript = path.join(work, 'empty.js');
  fs.writeFileSync(emptyScript, '');
  const single = path.join(work, 'one-file');
  fs.mkdirSync(single);
  const first = firstFile(corpus);
  fs.copyFileSync(first, path.join(single, path.basename(first)));
  for (let i = 0; i < REPEAT; i++) {
    // Interleaved, so load on the machine hits all of them alike.
    const out = path.join(work, `out-${i}`);
    const cache = path.join(work, `cache-${i}`);
    regex.push(measure(regexScript, [corpus]));
    cold.push(measure(cli, [corpus, '--out', out, '--cache-dir', cache, '--no-progress']));
    rerun.push(measure(cli, [corpus, '--out', out, '--cache-dir', cache, '--no-progress']));
    nodeFloor.push(measure(emptyScript, []));
    oneFile.push(measure(cli, [single, '--out', path.join(work, `one-out-${i}`), '--cache-dir', path.join(work, `one-cache-${i}`), '--no-progress']));
  }
  const row = (name: string, ms: Measurement[], reference?: number, files = FILES) => {
    const s = median(ms.map((m) => m.seconds));
    const rss = Math.max(...ms.map((m) => m.rssBytes)) / 1024 / 1024;
    const ratio = reference ? `  ${(s / reference).toFixed(2)}× regex scan` : '';
    const rate = files > 0 ? `${Math.round(files / s)} files/s` : '-';
    console.log(`${name.padEnd(26)} ${s.toFixed(3)} s  ${rate.padEnd(12)}  peak RSS ${rss.toFixed(0)} MB${ratio}`);
  };
  const regexMedian = median(regex.map((m) => m.seconds));
  console.log(`\nmedian of ${REPEAT} runs each (whole process, Node start-up included):`);
  row('regex scan (reference)', regex);
  row('cold conversion', cold, regexMedian);
  row('rerun, nothing changed', rerun, regexMedian);
  row('floor: Node, empty script', nodeFloor, regexMedian, 0);
  row('floor: one-file conversion', oneFile, regexMedian, 1);
  console.log('targets: cold ≤ 1.0× regex scan (stretch 0.5×), rerun ≤ 0.1× regex scan, peak RSS ≤ 250 MB');
  console.log(`  in time: cold ≤ ${(regexMedian * 1000).toFixed(0)} ms, rerun ≤ ${(regexMedian * 100).toFixed(0)} ms; Node alone takes ${(median(nodeFloor.map((m) => m.seconds)) * 1000).toFixed(0)} ms`);
  fs.rmSync(work, { recursive: true, force: true });
}

/** The corpus's first file in path order (the one-file floor converts a copy of it). */
function firstFile(dir: string): string {
  const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isFile()) return full;
    if (entry.isDirectory()) {
      const inner = firstFile(full);
      if (inner) return inner;
    }
  }
  return '';
}

main();
