import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  baselineFileName,
  baselineKey,
  batchesFromRecords,
  emptyBaselineFile,
  entryRunGroups,
  loadBaselines,
  machineClass,
  mergeBatches,
  normalizeMachine,
  pruneBaselineFile,
  pruneBaselines,
  readBaselineFile,
  updateBaselines,
} from '../../src/baselines';
import { makeRecord } from './fixtures/records';

const root = '/repo';

describe('keys', () => {
  test('built from suite, metric, device, dtype, runtime and machine class', () => {
    expect(baselineKey(makeRecord())).toBe('text/bert fill-mask | latency_ms | cpu | fp32 | transformers.js@4.3.1 onnxruntime-node@1.30.0 | Intel(R) Xeon(R) Processor x2');
  });
  test('clock speed never splits a machine class', () => {
    expect(normalizeMachine('Intel(R) Core(TM) i7-8700 CPU @ 3.20GHz x12')).toBe('Intel(R) Core(TM) i7-8700 CPU x12');
    expect(normalizeMachine('AMD Ryzen 9 3.5 GHz x16')).toBe('AMD Ryzen 9 x16');
    expect(machineClass([{ model: 'Intel(R) Core(TM) i7-8700 CPU @ 3.20GHz' }, { model: 'x' }])).toBe('Intel(R) Core(TM) i7-8700 CPU x2');
    expect(baselineKey(makeRecord({ machine: 'Foo CPU @ 2.1GHz x2' }))).toBe(baselineKey(makeRecord({ machine: 'Foo CPU @ 3.9GHz x2' })));
  });
  test('device file names are safe', () => {
    expect(baselineFileName('cpu')).toBe('cpu.json');
    expect(baselineFileName('WebGPU (Metal)')).toBe('webgpu-metal.json');
    expect(() => baselineFileName('../')).toThrow(/usable baseline file name/);
  });
});

describe('merge', () => {
  test('repeated records of one test file form one source, in order', () => {
    const batches = batchesFromRecords([makeRecord({ samples: [1, 2] }), makeRecord({ samples: [3] })], 'run-1', root);
    expect(batches).toHaveLength(1);
    expect(batches[0]).toMatchObject({ sourceId: 'run-1|generated/text/bert.test.ts', samples: [1, 2, 3] });
    expect(batchesFromRecords([makeRecord({ testFile: '/repo/generated/text/bert.test.ts' })], 'run-1', root)[0].sourceId).toBe('run-1|generated/text/bert.test.ts');
  });

  test('merging the same run twice adds nothing', () => {
    const batches = batchesFromRecords([makeRecord()], 'run-1', root);
    const once = mergeBatches(emptyBaselineFile(), batches);
    const twice = mergeBatches(once.file, batches);
    expect(once.outcome).toEqual({ added: 5, duplicates: 0, newKeys: [baselineKey(makeRecord())] });
    expect(twice.outcome).toEqual({ added: 0, duplicates: 5, newKeys: [] });
    expect(twice.file).toEqual(once.file);
  });

  test('a partially merged source only adds its missing samples', () => {
    const partial = mergeBatches(emptyBaselineFile(), batchesFromRecords([makeRecord({ samples: [1, 2] })], 'run-1', root));
    const complete = mergeBatches(partial.file, batchesFromRecords([makeRecord({ samples: [1, 2] }), makeRecord({ samples: [3, 4] })], 'run-1', root));
    expect(complete.outcome).toMatchObject({ added: 2, duplicates: 2 });
    expect(Object.values(complete.file.entries)[0].samples).toEqual([1, 2, 3, 4]);
  });

  test('shards (different runs, different files) combine without loss', () => {
    const shardA = batchesFromRecords([makeRecord({ samples: [1, 2, 3] }), makeRecord({ metric: 'load_ms', samples: [50] })], 'run-a', root);
    const shardB = batchesFromRecords([makeRecord({ samples: [4, 5, 6], testFile: 'generated/text/bert-2.test.ts' })], 'run-b', root);
    const { file } = mergeBatches(mergeBatches(emptyBaselineFile(), shardA).file, shardB);
    const latency = file.entries[baselineKey(makeRecord())];
    expect(latency.samples).toEqual([1, 2, 3, 4, 5, 6]);
    expect(latency).toMatchObject({ median: 3.5, count: 6, totalSamples: 6 });
    expect(file.entries[baselineKey(makeRecord({ metric: 'load_ms' }))].samples).toEqual([50]);
  });

  test('the sample window keeps the newest samples', () => {
    const many = Array.from({ length: 150 }, (_, i) => i);
    const first = mergeBatches(emptyBaselineFile(), batchesFromRecords([makeRecord({ samples: many })], 'run-1', root));
    const second = mergeBatches(first.file, batchesFromRecords([makeRecord({ samples: many.map((v) => v + 1000) })], 'run-2', root));
    const entry = Object.values(second.file.entries)[0];
    expect(entry.samples).toHaveLength(200);
    expect(entry.samples[0]).toBe(100);
    expect(entry.samples[199]).toBe(1149);
    expect(entry.totalSamples).toBe(300);
    // Still deduplicated after the first run's samples partly aged out.
    expect(mergeBatches(second.file, batchesFromRecords([makeRecord({ samples: many })], 'run-1', root)).outcome.added).toBe(0);
  });

  test('recordedAt/recordedOn follow the newest record; machine is normalised', () => {
    const older = makeRecord({ recordedAt: '2025-01-01T00:00:00.000Z', machine: 'Foo @ 2.0GHz x2' });
    const newer = makeRecord({ recordedAt: '2025-02-01T00:00:00.000Z', machine: 'Foo @ 3.0GHz x2', samples: [9] });
    const { file } = mergeBatches(mergeBatches(emptyBaselineFile(), batchesFromRecords([newer], 'run-2', root)).file, batchesFromRecords([older], 'run-1', root));
    expect(Object.values(file.entries)[0]).toMatchObject({ recordedAt: '2025-02-01T00:00:00.000Z', recordedOn: 'Foo @ 3.0GHz x2', machine: 'Foo x2' });
  });

  test('a changed metric direction is refused with advice', () => {
    const { file } = mergeBatches(emptyBaselineFile(), batchesFromRecords([makeRecord()], 'run-1', root));
    expect(() => mergeBatches(file, batchesFromRecords([makeRecord({ better: 'higher' })], 'run-2', root))).toThrow(/say better=higher.*baseline says better=lower.*prune/);
  });

  test('samples of another model source (a tiny model of another depth) are refused, not mixed in', () => {
    const { file } = mergeBatches(emptyBaselineFile(), batchesFromRecords([makeRecord()], 'run-1', root));
    const deeper = batchesFromRecords([makeRecord({ modelSource: 'tiny:3-layers' })], 'run-2', root);
    expect(() => mergeBatches(file, deeper)).toThrow(/measured on model source "tiny:3-layers", but the baseline on "tiny".*another HF_BASELINES_DIR/);
  });

  test('updateBaselines writes one file per device and loadBaselines reads them all back', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-baselines-'));
    try {
      const updates = updateBaselines(dir, batchesFromRecords([makeRecord(), makeRecord({ device: 'wasm' })], 'run-1', root));
      expect(updates.map((update) => path.basename(update.file))).toEqual(['cpu.json', 'wasm.json']);
      fs.writeFileSync(path.join(dir, 'report.json'), '{"not": "a baseline"}');
      expect([...loadBaselines(dir).keys()].sort()).toEqual([baselineKey(makeRecord()), baselineKey(makeRecord({ device: 'wasm' }))].sort());
      expect(loadBaselines(path.join(dir, 'missing')).size).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('prune', () => {
  const now = new Date('2025-03-01T00:00:00.000Z');
  const records = [
    makeRecord({ suite: 'text/bert fill-mask', recordedAt: '2025-02-27T00:00:00.000Z' }),
    makeRecord({ suite: 'vision/vit image-classification', recordedAt: '2024-12-01T00:00:00.000Z' }),
    makeRecord({ suite: 'audio/whisper asr', recordedAt: '2025-02-28T00:00:00.000Z' }),
  ];
  const file = mergeBatches(emptyBaselineFile(), batchesFromRecords(records, 'run-1', root)).file;

  test('by age', () => {
    const { file: pruned, removed } = pruneBaselineFile(file, { olderThanDays: 30, now });
    expect(removed).toEqual([{ key: baselineKey(records[1]), reason: 'not seen for 90 days' }]);
    expect(Object.keys(pruned.entries)).toHaveLength(2);
  });

  test('by suite set', () => {
    const { removed } = pruneBaselineFile(file, { keepSuites: ['text/bert fill-mask'], now });
    expect(removed.map((entry) => entry.key).sort()).toEqual([baselineKey(records[1]), baselineKey(records[2])].sort());
  });

  test('bad criteria are rejected', () => {
    expect(() => pruneBaselineFile(file, { olderThanDays: -1 })).toThrow(/olderThanDays/);
  });

  test('on disk, with dry run', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-baselines-'));
    try {
      updateBaselines(dir, batchesFromRecords(records, 'run-1', root));
      const cpu = path.join(dir, 'cpu.json');
      const before = fs.readFileSync(cpu, 'utf8');
      expect(pruneBaselines(dir, { olderThanDays: 30, now }, { dryRun: true })[0].removed).toHaveLength(1);
      expect(fs.readFileSync(cpu, 'utf8')).toBe(before);
      pruneBaselines(dir, { olderThanDays: 30, now });
      expect(Object.keys(readBaselineFile(cpu).entries)).toHaveLength(2);
      pruneBaselines(dir, { keepSuites: [], now });
      expect(fs.existsSync(cpu)).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('entryRunGroups', () => {
  test('splits the window back into per-run groups, the oldest cut by the window', () => {
    expect(entryRunGroups({ samples: [1, 2, 3, 4, 5, 6], sources: [{ id: 'a', count: 3 }, { id: 'b', count: 2 }, { id: 'c', count: 2 }] })).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(entryRunGroups({ samples: [1, 2], sources: [] })).toEqual([[1, 2]]);
  });
  test('matches what merging several runs produced', () => {
    let file = emptyBaselineFile();
    for (const [run, samples] of [['r1', [1, 2]], ['r2', [3, 4, 5]], ['r3', [6]]] as const) {
      file = mergeBatches(file, batchesFromRecords([makeRecord({ samples: [...samples] })], run, root)).file;
    }
    expect(entryRunGroups(Object.values(file.entries)[0])).toEqual([[1, 2], [3, 4, 5], [6]]);
  });
});
