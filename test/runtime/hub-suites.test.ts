/** @jest-environment ./src/runtime/jest-environment.ts */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { renderSuite } from '../../src/emit';
import { readSuiteSpec } from '../../src/cli/suite-specs';
import { loadPipeline } from '../../src/runtime/describe-model';
import { buildTinyModel } from '../../src/runtime/tiny';
import type { ModelSpec } from '../../src/runtime/spec';
import { startHubServer, type HubServer } from '../helpers/hub-server';

/**
 * Generated suites, run by Jest as users run them, with HF_ALLOW_REMOTE=1 and HF_ENDPOINT at a
 * local Hub-layout server holding tiny models under real ONNX ids: transformers.js downloads
 * through its own fetch path, the suite title names the source and id, a second run and an
 * HF_HUB_OFFLINE=1 run make no request, and legacy expected outputs are checked on this source.
 */
const REPO = path.join(__dirname, '..', '..');
const JEST = require.resolve('jest/bin/jest');
const SUITES = path.join(REPO, `hub-suites-${process.pid}`);

interface Assertion {
  fullName: string;
  status: string;
  failureMessages: string[];
}

let server: HubServer;
let work: string;
let runs = 0;

/** The committed bert suite's spec (its legacy expectations included), loading Xenova/bert-base-uncased. */
function bertSpec(): ModelSpec {
  const spec = readSuiteSpec(path.join(REPO, 'generated', 'text', 'bert.test.ts'));
  return { ...spec, onnxModelId: spec.onnxModelId ?? 'Xenova/bert-base-uncased' };
}

function writeSuite(name: string, spec: ModelSpec): string {
  const file = path.join(SUITES, spec.category, `${name}.test.ts`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const text = renderSuite(spec);
  if (!text.includes('onnxModelId')) throw new Error('renderSuite dropped onnxModelId');
  fs.writeFileSync(file, text);
  return file;
}

/** One Jest run of the given suites in a child process, with the Hub settings. */
function runJest(files: string[], env: Record<string, string> = {}): Promise<{ assertions: Assertion[]; requests: string[]; output: string }> {
  const runDir = path.join(work, `run-${++runs}`);
  fs.mkdirSync(runDir, { recursive: true });
  // The device probe's answer, so the child does not spawn its own probe.
  fs.writeFileSync(path.join(runDir, 'devices.json'), JSON.stringify([{ device: 'cpu', available: true }]));
  const outputFile = path.join(runDir, 'jest.json');
  const before = server.requests.length;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [JEST, '--selectProjects', 'models', '--ci', '--json', `--outputFile=${outputFile}`, ...files], {
      cwd: REPO,
      env: {
        ...process.env,
        HF_ALLOW_REMOTE: '1',
        HF_ENDPOINT: server.url,
        HF_CACHE_DIR: path.join(work, 'cache'),
        HF_HUB_OFFLINE: '',
        HF_MODELS_DIR: '',
        HF_RUN_DIR: runDir,
        HF_BASELINES_DIR: path.join(work, 'baselines'),
        HF_BENCH_RUNS: '10',
        HF_UPDATE_BASELINES: '',
        HF_DEVICES: 'cpu',
        ...env,
      },
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      try {
        const report = JSON.parse(fs.readFileSync(outputFile, 'utf8')) as { testResults: Array<{ assertionResults: Assertion[] }> };
        resolve({ assertions: report.testResults.flatMap((r) => r.assertionResults), requests: server.requests.slice(before).map((r) => r.url), output });
      } catch (error) {
        reject(new Error(`jest wrote no report: ${(error as Error).message}\n${output}`));
      }
    });
  });
}

const failed = (assertions: Assertion[], pattern: RegExp) => assertions.filter((a) => pattern.test(a.fullName) && a.status === 'failed');

let bertSuite: string;
let metSuite: string;
let missingSuite: string;
let faultySuites: string[];
let tinyTop: string;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-suites-'));
  server = await startHubServer({ lifetimeMs: 90_000 });
  const tiny = await buildTinyModel({ modelType: 'bert', task: 'fill-mask', cacheDir: path.join(work, 'tiny') });
  server.addRepo('Xenova/bert-base-uncased', tiny.dir);
  server.addRepo('Xenova/bert-tiny-met', tiny.dir);
  for (const id of ['Xenova/bert-500', 'Xenova/bert-dropped', 'Xenova/bert-cut']) server.addRepo(id, tiny.dir);
  server.fault('Xenova/bert-500', 'tokenizer.json', { status: 500 });
  server.fault('Xenova/bert-dropped', 'config.json', { drop: true });
  server.fault('Xenova/bert-cut', 'onnx/model.onnx', { truncateAt: 2000 });

  // What the tiny model answers, so one suite states an expectation it does meet.
  const spec = bertSpec();
  const pipe = await loadPipeline(spec, { kind: 'tiny', modelId: tiny.modelId, localModelPath: path.join(work, 'tiny'), dir: tiny.dir, description: 'tiny' }, 'cpu');
  tinyTop = ((await pipe('The capital of France is [MASK].')) as Array<{ token_str: string }>)[0].token_str;
  await pipe.dispose();

  bertSuite = writeSuite('bert', spec);
  metSuite = writeSuite('bert-met', {
    ...spec,
    onnxModelId: 'Xenova/bert-tiny-met',
    expected: [{ kind: 'token_str', value: tinyTop, input: 'The capital of France', source: { file: 'test_hf_tiny.py', line: 7 } }],
  });
  missingSuite = writeSuite('bert-missing', { ...spec, onnxModelId: 'Xenova/not-on-this-server', expected: [] });
  faultySuites = ['500', 'dropped', 'cut'].map((name) => writeSuite(`bert-${name}`, { ...spec, onnxModelId: `Xenova/bert-${name}`, expected: [] }));
}, 30_000);

afterAll(async () => {
  await server.close();
  fs.rmSync(SUITES, { recursive: true, force: true });
  fs.rmSync(work, { recursive: true, force: true });
});

test('first run: downloads through transformers.js; legacy expectations fail naming value, file and line; one met passes; an unknown id, a 500, a dropped connection and a cut-short file fail clearly', async () => {
  const { assertions, requests, output } = await runJest([bertSuite, metSuite, missingSuite, ...faultySuites]);
  expect(requests).toEqual(expect.arrayContaining(['/Xenova/bert-base-uncased/resolve/main/config.json', '/Xenova/bert-base-uncased/resolve/main/onnx/model.onnx']));

  // The title names the source and the id.
  const bert = assertions.filter((a) => a.fullName.includes(`(Hub checkpoint Xenova/bert-base-uncased from ${server.url})`));
  expect(bert.length).toBeGreaterThan(3);
  const legacy = failed(bert, /answers the legacy inputs/);
  expect(legacy).toHaveLength(1);
  expect(legacy[0].failureMessages.join('\n')).toContain('expected token_str "paris" (stated in test_hf_bert.js:23) is not in the output of any legacy input');
  // Everything else about the suite works on this source.
  expect(bert.filter((a) => a.status === 'failed')).toHaveLength(1);

  const met = assertions.filter((a) => a.fullName.includes('(Hub checkpoint Xenova/bert-tiny-met'));
  expect(met.length).toBeGreaterThan(3);
  expect(met.filter((a) => a.status !== 'passed')).toEqual([]);

  const missing = assertions.filter((a) => a.fullName.includes('Xenova/not-on-this-server'));
  expect(missing.length).toBeGreaterThan(0);
  expect(missing.every((a) => a.status === 'failed')).toBe(true);
  expect(output).toContain(`${server.url} has no Xenova/not-on-this-server (404 for config.json)`);

  for (const [id, message] of [
    ['Xenova/bert-500', `${server.url} answered 500 Internal Server Error for tokenizer.json of Xenova/bert-500`],
    ['Xenova/bert-dropped', `the connection to ${server.url} dropped while requesting config.json of Xenova/bert-dropped`],
    ['Xenova/bert-cut', `the download of onnx/model.onnx of Xenova/bert-cut from ${server.url} was cut short after 2000 of`],
  ]) {
    const suite = assertions.filter((a) => a.fullName.includes(`(Hub checkpoint ${id} from ${server.url})`));
    expect(suite.length).toBeGreaterThan(0);
    expect(suite.every((a) => a.status === 'failed')).toBe(true);
    expect(output).toContain(message);
  }
  expect(fs.existsSync(path.join(work, 'cache', 'Xenova', 'bert-cut', 'onnx', 'model.onnx'))).toBe(false);
}, 60_000);

test('second run makes no request (title says cached); HF_HUB_OFFLINE=1 makes none either', async () => {
  // Side by side: each run's window of server requests then spans the other's too, and both must be empty.
  const [second, offline] = await Promise.all([runJest([metSuite]), runJest([metSuite], { HF_HUB_OFFLINE: '1' })]);
  expect(second.requests).toEqual([]);
  expect(second.assertions.length).toBeGreaterThan(3);
  expect(second.assertions.filter((a) => a.status !== 'passed')).toEqual([]);
  expect(second.assertions[0].fullName).toContain(`(Hub checkpoint Xenova/bert-tiny-met (cached in ${path.join(work, 'cache')}))`);

  expect(offline.requests).toEqual([]);
  expect(offline.assertions.filter((a) => a.status !== 'passed')).toEqual([]);
}, 60_000);
