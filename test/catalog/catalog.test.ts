import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import { canonicalTask, createCatalog, findByModelType, loadCatalog, lookupName, normaliseName, type CatalogFile } from '../../src/catalog';

const repoRoot = resolvePath(__dirname, '..', '..');
const catalogPath = join(repoRoot, 'src', 'catalog', 'catalog.json');
const sharedCatalog = resolvePath(repoRoot, '..', 'shared', 'catalog');

describe('loadCatalog', () => {
  it('is memoized', () => {
    expect(loadCatalog()).toBe(loadCatalog());
  });

  it('carries provenance', () => {
    const { provenance } = loadCatalog();
    expect(provenance.transformersVersions).toEqual(['4.57.6', '5.18.0']);
    expect(provenance.transformersJsVersion).toBe('@huggingface/transformers 4.3.1');
    expect(Object.keys(provenance.files).sort()).toEqual(['alias-collisions.json', 'model-types.json', 'onnx-checkpoints.json', 'tasks.json', 'transformersjs-only.json']);
    expect(JSON.stringify(provenance.files['onnx-checkpoints.json'].sources)).toContain('xenova/transformers.js a32efa3d07be');
    expect(provenance.vendoredOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('rejects data that is not a catalog with a clear error', () => {
    expect(() => createCatalog({} as CatalogFile)).toThrow('catalog data must have `modelTypes` and `tasks`');
  });
});

describe('findByModelType', () => {
  it('finds exact spellings only and returns the full entry', () => {
    const entry = findByModelType('xlm-roberta')!;
    expect(entry.modelType).toBe('xlm-roberta');
    expect(entry.category).toBe('text');
    expect(entry.checkpoints[0]).toBe('FacebookAI/xlm-roberta-base');
    expect(entry.tasks).toContain('fill-mask');
    expect(entry.transformersJs.supported).toBe(true);
    expect(entry.transformersJs.pipelineTasks).toContain('fill-mask');
    expect(entry.aliases).toEqual(expect.arrayContaining(['xlm_roberta', 'xlmroberta']));
    expect(findByModelType('xlm_roberta')).toBeUndefined();
    expect(findByModelType('gptj')!.modelType).toBe('gptj');
    expect(findByModelType('speech_to_text')!.category).toBe('audio');
  });

  it('keeps every checkpoint in catalog order', () => {
    expect(findByModelType('whisper')!.checkpoints.slice(0, 3)).toEqual(['openai/whisper-tiny', 'openai/whisper-base', 'openai/whisper-large-v2']);
  });
});

describe('ONNX checkpoints (onnx-checkpoints.json)', () => {
  const catalog = loadCatalog();

  it('lists per model type the checkpoints transformers.js can load, conversions first, each with evidence', () => {
    const bert = catalog.onnxCheckpoints('bert');
    expect(bert.length).toBeGreaterThan(5);
    expect(bert[0].kind).toBe('converted');
    expect(bert.find((c) => c.id === 'Xenova/bert-base-uncased')).toEqual({
      id: 'Xenova/bert-base-uncased', kind: 'converted', convertedFrom: 'bert-base-uncased', tasks: ['fill-mask'],
      evidence: [expect.stringMatching(/^xenova\/transformers\.js@a32efa3d07be:scripts\/supported_models\.py/)],
    });
    expect(bert.find((c) => c.kind === 'tiny-random')?.id).toMatch(/^hf-internal-testing\/tiny-random-Bert/);
    expect(catalog.onnxCheckpoints('levit')).toEqual([]);
  });

  it('has 615 checkpoints of 106 model types (550 converted, 60 tiny-random, 5 test)', () => {
    const all = catalog.modelTypes().flatMap((t) => catalog.onnxCheckpoints(t));
    expect(all).toHaveLength(615);
    expect(catalog.modelTypes().filter((t) => catalog.onnxCheckpoints(t).length > 0)).toHaveLength(106);
    const kinds = all.reduce<Record<string, number>>((n, c) => ({ ...n, [c.kind]: (n[c.kind] ?? 0) + 1 }), {});
    expect(kinds).toEqual({ converted: 550, 'tiny-random': 60, test: 5 });
    for (const c of all) expect(c.evidence.length).toBeGreaterThan(0);
  });

  it.each([
    ['bert-base-uncased', 'Xenova/bert-base-uncased'],
    ['google-bert/bert-base-uncased', 'Xenova/bert-base-uncased'],
    ['facebook/dino-vitb16', 'Xenova/dino-vitb16'],
    ['openai/whisper-tiny', 'Xenova/whisper-tiny'],
    ['facebook/convnext-tiny-224', 'Xenova/convnext-tiny-224'],
    ['EleutherAI/pythia-70m', 'Xenova/pythia-70m'],
    ['facebook/nllb-200-distilled-600M', 'Xenova/nllb-200-distilled-600M'],
  ])('finds the ONNX export of %s: %s', (original, onnx) => {
    expect(catalog.onnxExportsOf(original).map((l) => l.checkpoint.id)).toContain(onnx);
  });

  it('finds listed ONNX ids and tells which ids any catalog lists', () => {
    expect(catalog.findOnnxCheckpoint('xenova/BERT-base-uncased')).toMatchObject({ modelType: 'bert', checkpoint: { id: 'Xenova/bert-base-uncased' } });
    expect(catalog.modelTypesListing('EleutherAI/pythia-70m')).toEqual(['gpt_neox']);
    expect(catalog.modelTypesListing('facebook/nllb-200-distilled-600M')).toEqual(['m2m_100']);
    for (const id of ['google-bert/bert-base-uncased', 'Xenova/bert-base-uncased', 'bert-base-uncased', 'facebook/dino-vitb16']) expect(catalog.isListed(id)).toBe(true);
    for (const id of ['google/convnext-base-patch16-224', 'google/resnet-base-patch16-224', 'google/levit-base-patch16-224', 'google/gemma3-1b-it']) expect(catalog.isListed(id)).toBe(false);
  });
});

describe('lookupName (normalised alias lookup)', () => {
  it('normalises case and separators', () => {
    expect(normaliseName('XLM_Ro-BERTa.v 2')).toBe('xlmrobertav2');
  });

  it.each([
    ['xlm-roberta', 'xlm-roberta', 'model_type'],
    ['xlm_roberta', 'xlm-roberta', 'alias'],
    ['XLMRoberta', 'xlm-roberta', 'alias'],
    ['gpt-j', 'gptj', 'alias'],
    ['GPT_NeoX', 'gpt_neox', 'alias'],
    ['speech-to-text', 'speech_to_text', 'alias'],
    ['wav2vec2_conformer', 'wav2vec2-conformer', 'alias'],
  ])('%s → %s (%s)', (name, modelType, via) => {
    const found = lookupName(name);
    expect(found.kind).toBe('model-type');
    if (found.kind === 'model-type') {
      expect(found.entry.modelType).toBe(modelType);
      expect(found.via).toBe(via);
    }
  });

  it('reports unresolved collisions instead of picking one', () => {
    expect(lookupName('Parakeet')).toEqual({ kind: 'collision', candidates: ['parakeet_ctc', 'parakeet_encoder', 'parakeet_rnnt', 'parakeet_tdt'] });
  });

  it('knows transformers.js-only model types', () => {
    expect(lookupName('mobilenet-v3')).toMatchObject({ kind: 'transformers-js-only', modelType: 'mobilenet_v3' });
  });

  it('returns none for unknown names', () => {
    expect(lookupName('my_custom_model')).toEqual({ kind: 'none' });
  });
});

describe('canonicalTask', () => {
  it.each([
    ['sentiment-analysis', 'text-classification'],
    ['ner', 'token-classification'],
    ['vqa', 'visual-question-answering'],
    ['text-to-speech', 'text-to-audio'],
    ['Fill_Mask', 'fill-mask'],
  ])('%s → %s', (alias, task) => {
    expect(canonicalTask(alias)).toBe(task);
  });

  it('tells which tasks transformers.js supports, and their type', () => {
    expect(loadCatalog().findTask('vqa')).toMatchObject({ name: 'visual-question-answering', transformersJs: false, type: 'multimodal' });
    expect(loadCatalog().findTask('fill-mask')).toMatchObject({ transformersJs: true, type: 'text' });
  });
});

describe('catalog.json', () => {
  const data = JSON.parse(readFileSync(catalogPath, 'utf8')) as CatalogFile;

  it('is internally consistent', () => {
    const categories = new Set(['text', 'vision', 'audio', 'multimodal', 'other', 'unknown']);
    const taskNames = new Set(Object.keys(data.tasks));
    const spellings = new Map<string, string>();
    for (const [modelType, entry] of Object.entries(data.modelTypes)) {
      expect(categories.has(entry.category)).toBe(true);
      for (const task of [...entry.tasks, ...entry.transformersJs.pipelineTasks]) expect(taskNames.has(task)).toBe(true);
      for (const spelling of [modelType, ...entry.aliases].map(normaliseName)) {
        const owner = spellings.get(spelling);
        if (owner !== undefined && owner !== modelType) throw new Error(`"${spelling}" names both ${owner} and ${modelType}`);
        spellings.set(spelling, modelType);
      }
    }
    expect(Object.keys(data.modelTypes)).toHaveLength(749);
  });

  it('has sorted keys', () => {
    const sorted = (o: object) => Object.keys(o).join('\n') === Object.keys(o).sort().join('\n');
    expect(sorted(data)).toBe(true);
    expect(sorted(data.modelTypes)).toBe(true);
    expect(sorted(data.tasks)).toBe(true);
  });

  // Re-vendoring needs the shared catalog next to the repository (present in development and CI).
  (existsSync(sharedCatalog) ? it : it.skip)('is exactly what scripts/vendor-catalog.js writes (re-vendoring is byte-stable)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalog-'));
    try {
      const out = join(dir, 'catalog.json');
      copyFileSync(catalogPath, out);
      execFileSync(process.execPath, [join(repoRoot, 'scripts', 'vendor-catalog.js'), '--from', sharedCatalog, '--out', out], { stdio: 'pipe' });
      expect(readFileSync(out, 'utf8')).toBe(readFileSync(catalogPath, 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the vendor script fails clearly on a missing source', () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalog-'));
    try {
      expect(() => execFileSync(process.execPath, [join(repoRoot, 'scripts', 'vendor-catalog.js'), '--from', dir, '--out', join(dir, 'x.json')], { stdio: 'pipe' }))
        .toThrow(/cannot read catalog source .*model-types\.json/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
