import { chooseOnnxModelId, estimatedSize, resolve } from '../../src/resolve';
import { loadCatalog } from '../../src/catalog';
import { extraction, found } from './factory';

const catalog = loadCatalog();
const onnxIds = new Set(catalog.modelTypes().flatMap((t) => catalog.onnxCheckpoints(t).map((c) => c.id)));

describe('onnxModelId: the ONNX export of the legacy id', () => {
  it.each([
    ['bert', 'bert-base-uncased', 'fill-mask', 'Xenova/bert-base-uncased'],
    ['bert', 'google-bert/bert-base-uncased', 'fill-mask', 'Xenova/bert-base-uncased'],
    ['vit', 'facebook/dino-vitb16', 'image-feature-extraction', 'Xenova/dino-vitb16'],
    ['convnext', 'facebook/convnext-tiny-224', 'image-classification', 'Xenova/convnext-tiny-224'],
    ['whisper', 'openai/whisper-tiny', 'automatic-speech-recognition', 'Xenova/whisper-tiny'],
    ['gpt_neox', 'EleutherAI/pythia-70m', 'text-generation', 'Xenova/pythia-70m'],
    ['m2m_100', 'facebook/nllb-200-distilled-600M', 'translation', 'Xenova/nllb-200-distilled-600M'],
    // A listed ONNX id is its own export.
    ['bert', 'Xenova/bert-base-uncased', 'fill-mask', 'Xenova/bert-base-uncased'],
  ])('%s %s → %s', (modelType, modelId, task, expected) => {
    const choice = chooseOnnxModelId({ modelType, modelId, task }, catalog);
    expect(choice.onnxModelId).toBe(expected);
    expect(choice.warnings).toEqual([]);
  });
});

describe('onnxModelId: else the family checkpoint for the task, smallest, real weights first', () => {
  it('takes the smallest listed checkpoint for the task when the legacy id has no export', () => {
    const choice = chooseOnnxModelId({ modelType: 'gpt_neox', modelId: 'EleutherAI/gpt-neox-20b', task: 'text-generation' }, catalog);
    expect(choice.onnxModelId).toBe('Xenova/pythia-14m');
    expect(choice.because).toBe('the legacy id "EleutherAI/gpt-neox-20b" has no listed ONNX export; the smallest listed ONNX gpt_neox checkpoint for text-generation');
  });

  it('prefers a checkpoint listed for the task, even tiny random, over real weights listed for another', () => {
    // The only bert checkpoint listed for question-answering is transformers.js's tiny test model.
    expect(chooseOnnxModelId({ modelType: 'bert', task: 'question-answering' }, catalog)).toMatchObject({
      onnxModelId: 'hf-internal-testing/tiny-random-BertForQuestionAnswering',
      warnings: [],
    });
    expect(chooseOnnxModelId({ modelType: 'bert', task: 'fill-mask' }, catalog).onnxModelId).not.toMatch(/random/);
  });

  it('prefers real weights over tiny random ones', () => {
    const choice = chooseOnnxModelId({ modelType: 'whisper', task: 'automatic-speech-recognition' }, catalog);
    expect(choice.onnxModelId).toBe('Xenova/whisper-tiny');
  });

  it('takes image embedding exports listed as feature-extraction for image-feature-extraction', () => {
    const choice = chooseOnnxModelId({ modelType: 'dinov2', modelId: 'onnx-community/dinov2-small', task: 'image-feature-extraction' }, catalog);
    expect(choice.onnxModelId).toBe('Xenova/dinov2-small');
    expect(choice.warnings).toEqual([]);
  });

  it('prefers the checkpoint family the file was resolved through', () => {
    expect(chooseOnnxModelId({ modelType: 'm2m_100', task: 'translation', checkpointFamily: 'nllb' }, catalog).onnxModelId).toBe('Xenova/nllb-200-distilled-600M');
    expect(chooseOnnxModelId({ modelType: 'm2m_100', task: 'translation' }, catalog).onnxModelId).toBe('Xenova/m2m100_418M');
  });

  it('falls back to a family checkpoint for another task, with a warning', () => {
    const choice = chooseOnnxModelId({ modelType: 'xlm-roberta', task: 'question-answering' }, catalog);
    expect(onnxIds.has(choice.onnxModelId!)).toBe(true);
    expect(choice.warnings[0]).toMatch(/^ONNX checkpoint \S+ is not listed for question-answering .*no ONNX checkpoint of xlm-roberta is listed for question-answering$/);
  });

  it('is null, with a warning, for a family the ONNX catalog lists nothing for', () => {
    const choice = chooseOnnxModelId({ modelType: 'levit', modelId: 'facebook/levit-128S', task: 'image-classification' }, catalog);
    expect(choice).toEqual({
      onnxModelId: null,
      because: 'none: the ONNX catalog lists no checkpoint transformers.js can load for levit',
      warnings: ['no ONNX checkpoint: the catalog lists none transformers.js can load for levit; runs against the Hub or HF_MODELS_DIR are skipped'],
    });
  });

  it('every family the catalog lists ONNX checkpoints for gets one of them, for any of its tasks', () => {
    for (const modelType of catalog.modelTypes()) {
      const listed = catalog.onnxCheckpoints(modelType);
      const tasks = catalog.findByModelType(modelType)!.tasks;
      for (const task of [undefined, ...tasks]) {
        const { onnxModelId } = chooseOnnxModelId({ modelType, task }, catalog);
        if (listed.length === 0) expect(onnxModelId).toBeNull();
        else expect(listed.map((c) => c.id)).toContain(onnxModelId);
      }
    }
  });

  it.each([
    ['Xenova/pythia-14m', 14],
    ['Xenova/Qwen1.5-0.5B', 500],
    ['Xenova/whisper-tiny.en', 15],
    ['Xenova/whisper-base', 110],
    ['Xenova/bert-large-cased', 700],
    ['Xenova/all-MiniLM-L6-v2', 110],
  ])('estimates the size of %s from its name', (id, size) => {
    expect(estimatedSize(id)).toBe(size);
  });
});

describe('a resolution carries both ids', () => {
  it('keeps the legacy id as modelId and loads its ONNX export', () => {
    const r = resolve(extraction({ fileModelName: 'bert', modelIds: [found('bert-base-uncased', 'from_pretrained', 4)] }));
    expect(r).toMatchObject({ modelId: 'google-bert/bert-base-uncased', onnxModelId: 'Xenova/bert-base-uncased', modelIdVerified: true });
    expect(r.because.onnxModelId).toMatch(/^ONNX export of the legacy id "google-bert\/bert-base-uncased"/);
  });

  it('the catalog fallback checkpoint gets its export too', () => {
    expect(resolve(extraction({ fileModelName: 'convnext' }))).toMatchObject({ modelId: 'facebook/convnext-tiny-224', onnxModelId: 'Xenova/convnext-tiny-224' });
    expect(resolve(extraction({ fileModelName: 'whisper' }))).toMatchObject({ modelId: 'openai/whisper-tiny', onnxModelId: 'Xenova/whisper-tiny' });
  });
});

describe('no id outside the catalogs passes as real', () => {
  it('keeps an id no catalog lists as provenance, with an "unverified checkpoint" warning, and loads a listed one', () => {
    const r = resolve(extraction({ fileModelName: 'vit', modelIds: [found('facebook/vit-base-patch16-224', 'MODEL_ID =', 7)] }));
    expect(r.modelId).toBe('facebook/vit-base-patch16-224');
    expect(r.modelIdVerified).toBe(false);
    expect(r.warnings.some((w) => w.startsWith('unverified checkpoint "facebook/vit-base-patch16-224" (MODEL_ID =, line 7)'))).toBe(true);
    expect(onnxIds.has(r.onnxModelId!)).toBe(true);
  });

  it('the fabricated google/gemma3-1b-it (real: google/gemma-3-1b-it) is unverified, and gemma3 has no ONNX checkpoint', () => {
    const r = resolve(extraction({ fileModelName: 'gemma3', modelIds: [found('google/gemma3-1b-it', 'MODEL_ID =', 3)] }));
    expect(r.modelId).toBe('google/gemma3-1b-it');
    expect(r.warnings.filter((w) => /unverified checkpoint|no ONNX checkpoint/.test(w))).toHaveLength(2);
    expect(r.onnxModelId).toBeNull();
  });

  it.each([
    ['convnext', 'google/convnext-base-patch16-224', 'facebook/convnext-tiny-224'],
    ['resnet', 'google/resnet-base-patch16-224', 'microsoft/resnet-50'],
    ['levit', 'google/levit-base-patch16-224', 'facebook/levit-128S'],
    ['gpt_neox', 'gpt_neox-base', 'EleutherAI/gpt-neox-20b'],
  ])('rejects the generator-fabricated %s id %s, with a warning, and falls back to %s', (fileModelName, id, fallback) => {
    const r = resolve(extraction({ fileModelName, modelIds: [found(id, 'registry key', 12)] }));
    expect(r.modelId).toBe(fallback);
    expect(r.warnings[0]).toMatch(new RegExp(`^ignored model id\\(s\\) not plausible for ${fileModelName}: "${id}" \\(registry key, line 12\\): fabricated id: `));
  });

  it('a family whose real checkpoints are named <type>-base-patch16-224 keeps such an id (unverified, not fabricated)', () => {
    const r = resolve(extraction({ fileModelName: 'deit', modelIds: [found('acme/deit-base-patch16-224')] }));
    expect(r.modelId).toBe('acme/deit-base-patch16-224');
    expect(r.warnings.some((w) => w.startsWith('unverified checkpoint'))).toBe(true);
  });
});
