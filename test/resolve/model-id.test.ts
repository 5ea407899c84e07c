import { resolve, judgeModelId } from '../../src/resolve';
import { loadCatalog } from '../../src/catalog';
import { extraction, found } from './factory';

const catalog = loadCatalog();
const entry = (modelType: string) => {
  const e = catalog.findByModelType(modelType);
  if (!e) throw new Error(`no catalog entry ${modelType}`);
  return e;
};

describe('model id plausibility', () => {
  it.each([
    ['FacebookAI/xlm-roberta-base', 'xlm-roberta', 'FacebookAI/xlm-roberta-base'],
    ['facebookai/XLM-RoBERTa-base', 'xlm-roberta', 'FacebookAI/xlm-roberta-base'],
    ['EleutherAI/gpt-j-6B', 'gptj', 'EleutherAI/gpt-j-6B'],
    ['google/flan-t5-small', 't5', 'google/flan-t5-small'],
    ['dbmdz/bert-large-cased-finetuned-conll03-english', 'bert', 'dbmdz/bert-large-cased-finetuned-conll03-english'],
    ['hf-internal-testing/tiny-random-bert', 'bert', 'hf-internal-testing/tiny-random-bert'],
    ['someone/xlm-roberta-large-finetuned', 'xlm-roberta', 'someone/xlm-roberta-large-finetuned'],
    ['bert-base-uncased', 'bert', 'google-bert/bert-base-uncased'],
    ['gpt-j-6B', 'gptj', 'EleutherAI/gpt-j-6B'],
    // Listed by the ONNX catalog: its ids and their originals.
    ['Xenova/bert-base-uncased', 'bert', 'Xenova/bert-base-uncased'],
    ['bert-base-cased', 'bert', 'bert-base-cased'],
    ['sentence-transformers/all-MiniLM-L6-v2', 'bert', 'sentence-transformers/all-MiniLM-L6-v2'],
    ['facebook/dino-vitb16', 'vit', 'facebook/dino-vitb16'],
    ['EleutherAI/pythia-70m', 'gpt_neox', 'EleutherAI/pythia-70m'],
    ['facebook/nllb-200-distilled-600M', 'm2m_100', 'facebook/nllb-200-distilled-600M'],
  ])('accepts %s for %s (as %s)', (id, modelType, expected) => {
    const verdict = judgeModelId(id, entry(modelType), catalog);
    expect(verdict).toMatchObject({ ok: true, modelId: expected });
  });

  it.each([
    ['FacebookAI/roberta-base', 'xlm-roberta', 'a catalog example for xlm-roberta but the reference checkpoint of roberta'],
    ['roberta-base', 'xlm-roberta', 'no org and not the name of a catalog checkpoint of xlm-roberta'],
    ['xlm_roberta-base', 'xlm-roberta', 'no org and not the name of a catalog checkpoint of xlm-roberta'],
    ['FacebookAI/xlm-roberta-base', 'roberta', 'its name names xlm-roberta, not roberta'],
    ['distilbert/distilbert-base-uncased', 'bert', 'its name names distilbert, not bert'],
    ['ydshieh/vit-gpt2-coco-en', 'gpt2', 'its name names vit, not gpt2'],
    ['acme-corp/sentiment-classifier-v3', 'bert', 'its name does not name bert'],
    ['google/convnext-base-patch16-224', 'convnext', 'fabricated id: "<model_type>-base-patch16-224" is a legacy test generator\'s template shape, and no listed convnext checkpoint is named so'],
    ['google/resnet-base-patch16-224', 'resnet', 'fabricated id: "<model_type>-base-patch16-224" is a legacy test generator\'s template shape, and no listed resnet checkpoint is named so'],
    ['google/levit-base-patch16-224', 'levit', 'fabricated id: "<model_type>-base-patch16-224" is a legacy test generator\'s template shape, and no listed levit checkpoint is named so'],
    ['gpt_neox-base', 'gpt_neox', 'fabricated id: "<model_type>-base" is a legacy test generator\'s template shape, and no listed gpt_neox checkpoint is named so'],
    ['acme/levit-base', 'levit', 'fabricated id: "<model_type>-base" is a legacy test generator\'s template shape, and no listed levit checkpoint is named so'],
    ['bert-base-nope', 'bert', 'no org and not the name of a catalog checkpoint of bert'],
    ['./models/bert', 'bert', 'not a Hub id of the form org/name'],
    ['org/sub/bert-base', 'bert', 'not a Hub id of the form org/name'],
    ['my model', 'bert', 'not a Hub id of the form org/name'],
  ])('rejects %s for %s', (id, modelType, why) => {
    expect(judgeModelId(id, entry(modelType), catalog)).toEqual({ ok: false, why });
  });
});

describe('model id in a resolution', () => {
  it('takes the first plausible file id, by provenance order, and warns about the implausible ones before it', () => {
    const r = resolve(extraction({
      fileModelName: 'xlm_roberta',
      modelIds: [found('xlm_roberta-base', 'MODEL_ID =', 3), found('FacebookAI/xlm-roberta-large', 'registry key', 9), found('FacebookAI/xlm-roberta-base', 'registry key', 10)],
    }));
    expect(r.modelId).toBe('FacebookAI/xlm-roberta-large');
    expect(r.because.modelId).toBe('file id "FacebookAI/xlm-roberta-large" (registry key, line 9): its name names xlm-roberta (unverified)');
    expect(r.warnings.slice(0, 2)).toEqual([
      'ignored model id(s) not plausible for xlm-roberta: "xlm_roberta-base" (MODEL_ID =, line 3): no org and not the name of a catalog checkpoint of xlm-roberta',
      'unverified checkpoint "FacebookAI/xlm-roberta-large" (registry key, line 9): no catalog lists it (neither transformers\' checkpoints nor transformers.js\'s ONNX checkpoints); kept as the legacy id for provenance only (the runtime loads onnx_model_id, a listed ONNX checkpoint, or nothing)',
    ]);
  });

  it('maps a bare legacy id to the full catalog id', () => {
    const r = resolve(extraction({ fileModelName: 'bert_base_uncased', modelIds: [found('bert-base-uncased', 'from_pretrained', 20)] }));
    expect(r.modelId).toBe('google-bert/bert-base-uncased');
    expect(r.because.modelId).toContain('legacy id without org, mapped to catalog checkpoint "google-bert/bert-base-uncased"');
  });

  it('keeps a flan-t5 id from the file for a flan-t5 file', () => {
    expect(resolve(extraction({ fileModelName: 'flan-t5', modelIds: [found('google/flan-t5-base')] })).modelId).toBe('google/flan-t5-base');
  });

  it("falls back to the catalog's first own checkpoint and says why", () => {
    const none = resolve(extraction({ fileModelName: 'gpt-j' }));
    expect(none.modelId).toBe('EleutherAI/gpt-j-6B');
    expect(none.because.modelId).toBe('catalog checkpoint of gptj (the file names no model id)');
    const implausible = resolve(extraction({ fileModelName: 'xlm-roberta', modelIds: [found('roberta-base')] }));
    expect(implausible.modelId).toBe('FacebookAI/xlm-roberta-base');
    expect(implausible.because.modelId).toBe('catalog checkpoint of xlm-roberta (no file id is plausible)');
    // The id also names another family than the file name: recorded as a conflict the file name wins.
    expect(implausible.conflict).toEqual({ fileName: 'xlm-roberta', content: 'roberta', winner: 'file-name' });
    expect(implausible.warnings).toHaveLength(2);
  });

  it('never invents an id: undefined with a warning when neither file nor catalog has one', () => {
    expect(entry('graphormer').checkpoints).toEqual([]);
    const r = resolve(extraction({ fileModelName: 'graphormer', modelIds: [found('graphormer-base')] }));
    expect(r.status).toBe('resolved');
    expect(r.modelId).toBeUndefined();
    expect(r.warnings).toContainEqual('no model id: the catalog lists no checkpoint for graphormer and the file names no plausible one');
  });

  it('lists at most three rejected ids in the warning', () => {
    const ids = ['a-1', 'a-2', 'a-3', 'a-4', 'a-5'].map((v, i) => found(v, 'registry key', i + 1));
    const r = resolve(extraction({ fileModelName: 'bert', modelIds: ids }));
    expect(r.warnings[0]).toMatch(/; and 2 more$/);
  });
});
