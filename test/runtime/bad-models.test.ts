/** @jest-environment ./src/runtime/jest-environment.ts */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkModelFolder } from '../../src/runtime/model-folder';
import { loadPipeline } from '../../src/runtime/describe-model';
import { selectDevices, type DeviceStatus } from '../../src/runtime/devices';
import { buildTinyModel } from '../../src/runtime/tiny';
import type { ModelSpec } from '../../src/runtime/spec';

jest.setTimeout(60_000);

const SPEC: ModelSpec = {
  modelType: 'bert', modelId: 'broken/bert', onnxModelId: null, task: 'fill-mask', category: 'text',
  transformersJs: { supported: true, pipelineTasks: ['fill-mask'] },
  inputs: { texts: [], maskedTexts: [], candidateLabels: [], questions: [], images: [], audio: [] },
  expected: [], sources: [{ file: 'test_hf_bert.py' }], warnings: [],
};

describe('broken model folders give errors that name the file', () => {
  let root: string;
  let good: string;
  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'bad-models-'));
    good = (await buildTinyModel({ modelType: 'bert', task: 'fill-mask', cacheDir: path.join(root, 'tiny') })).dir;
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  /** A copy of a working tiny model, broken by `breakIt`. */
  function broken(name: string, breakIt: (dir: string) => void): string {
    const dir = path.join(root, 'broken', name);
    fs.cpSync(good, dir, { recursive: true });
    breakIt(dir);
    return dir;
  }

  test('a working folder passes', () => {
    expect(() => checkModelFolder(good, true)).not.toThrow();
  });

  test('config.json without model_type', () => {
    const dir = broken('no-model-type', (d) => {
      const config = JSON.parse(fs.readFileSync(path.join(d, 'config.json'), 'utf8'));
      delete config.model_type;
      fs.writeFileSync(path.join(d, 'config.json'), JSON.stringify(config));
    });
    expect(() => checkModelFolder(dir, true)).toThrow(`${path.join(dir, 'config.json')} has no "model_type"`);
  });

  test('config.json that is not JSON', () => {
    const dir = broken('bad-config', (d) => fs.writeFileSync(path.join(d, 'config.json'), '{"model_type": "bert",'));
    expect(() => checkModelFolder(dir, true)).toThrow(`${path.join(dir, 'config.json')} is not valid JSON`);
  });

  test('a missing tokenizer', () => {
    const dir = broken('no-tokenizer', (d) => fs.rmSync(path.join(d, 'tokenizer.json')));
    expect(() => checkModelFolder(dir, true)).toThrow(`${path.join(dir, 'tokenizer.json')} is missing`);
  });

  test('a corrupt ONNX file', () => {
    const dir = broken('corrupt-onnx', (d) => fs.writeFileSync(path.join(d, 'onnx', 'model.onnx'), 'this is not protobuf'));
    expect(() => checkModelFolder(dir, true)).toThrow(`${path.join(dir, 'onnx', 'model.onnx')} is not an ONNX model`);
  });

  test('a truncated ONNX file that passes the header check still fails to load with the folder named', async () => {
    const dir = broken('truncated-onnx', (d) => {
      const file = path.join(d, 'onnx', 'model.onnx');
      fs.writeFileSync(file, fs.readFileSync(file).subarray(0, 200));
    });
    checkModelFolder(dir, true);
    const source = { kind: 'local' as const, modelId: 'broken/truncated-onnx', localModelPath: path.join(root), dir, description: 'local checkpoint broken/truncated-onnx' };
    await expect(loadPipeline(SPEC, source, 'cpu')).rejects.toThrow(/cannot load local checkpoint broken\/truncated-onnx for fill-mask on cpu from .*truncated-onnx/);
  });
});

describe('device selection', () => {
  const statuses: DeviceStatus[] = [
    { device: 'cpu', available: true },
    { device: 'cuda', available: false, reason: 'cuda execution provider failed to start: no libcudart' },
    { device: 'webgpu', available: false, reason: 'no adapter' },
    { device: 'dml', available: false, reason: 'not on linux' },
    { device: 'coreml', available: false, reason: 'not on linux' },
  ];

  test('by default every available device runs and nothing is listed as skipped', () => {
    expect(selectDevices(statuses, undefined)).toEqual({ run: ['cpu'], skipped: [] });
  });

  test('a requested device that is unavailable is a skip with its reason, never a crash', () => {
    expect(selectDevices(statuses, 'cpu, cuda')).toEqual({ run: ['cpu'], skipped: [statuses[1]] });
  });

  test('an unknown device name is a clear error naming the value', () => {
    expect(() => selectDevices(statuses, 'cpu,gpu0')).toThrow('HF_DEVICES names unknown device(s) "gpu0"; known devices: cpu, cuda, webgpu, dml, coreml');
  });
});
