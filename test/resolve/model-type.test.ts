import { resolve } from '../../src/resolve';
import { extraction, found } from './factory';

function typeOfFileName(name: string): string | undefined {
  return resolve(extraction({ fileModelName: name })).modelType;
}

describe('model type from the file name', () => {
  it.each([
    ['xlm-roberta', 'xlm-roberta'],
    ['xlm_roberta', 'xlm-roberta'],
    ['XLMRoberta', 'xlm-roberta'],
    ['XLM_RoBERTa', 'xlm-roberta'],
    ['gpt-j', 'gptj'],
    ['gptj', 'gptj'],
    ['gpt_j', 'gptj'],
    ['GPT-J', 'gptj'],
    ['gpt-neox', 'gpt_neox'],
    ['gpt_neox', 'gpt_neox'],
    ['gptneox', 'gpt_neox'],
    ['wav2vec2-conformer', 'wav2vec2-conformer'],
    ['wav2vec2_conformer', 'wav2vec2-conformer'],
    ['speech_to_text', 'speech_to_text'],
    ['speech-to-text', 'speech_to_text'],
    ['speech2text', 'speech_to_text'],
    ['blip-2', 'blip-2'],
    ['blip_2', 'blip-2'],
    ['blip2', 'blip-2'],
    ['deberta_v2', 'deberta-v2'],
    ['openai_gpt', 'openai-gpt'],
  ])('%s → %s (separator- and case-insensitive, exact catalog spelling)', (name, expected) => {
    expect(typeOfFileName(name)).toBe(expected);
  });

  it.each([
    ['t5_small', 't5'],
    ['t5-base', 't5'],
    ['flan-t5', 't5'],
    ['flan_t5_xl', 't5'],
    ['bert_base_uncased', 'bert'],
    ['bert-large-cased', 'bert'],
    ['distilbert', 'distilbert'],
    ['distilbert-base-uncased', 'distilbert'],
    ['distilroberta_base', 'roberta'],
    ['vit_base_patch16_224', 'vit'],
    ['gpt_j_6b', 'gptj'],
    ['gpt-neox-20b', 'gpt_neox'],
    ['opt_125m', 'opt'],
    ['whisper_tiny_en', 'whisper'],
    ['wav2vec2_base_960h', 'wav2vec2'],
    ['roberta_v2', 'roberta'],
    ['bert_multilingual', 'bert'],
  ])('checkpoint-like stem %s → %s', (name, expected) => {
    expect(typeOfFileName(name)).toBe(expected);
  });

  it('prefers the longest match: a type whose name holds a size word is not stripped', () => {
    expect(typeOfFileName('xlm_roberta_xl')).toBe('xlm-roberta-xl');
    expect(typeOfFileName('xlm-roberta-base')).toBe('xlm-roberta');
    expect(typeOfFileName('mobilenet_v2')).toBe('mobilenet_v2');
    expect(typeOfFileName('deberta-v2-xlarge')).toBe('deberta-v2');
  });

  it('drops a recipe prefix only when the whole name is not itself a type', () => {
    expect(typeOfFileName('distilbert')).toBe('distilbert');
    expect(typeOfFileName('distil_whisper')).toBe('whisper');
    expect(typeOfFileName('tiny_random_bert')).toBe('bert');
  });

  it('explains how the name matched', () => {
    expect(resolve(extraction({ fileModelName: 'xlm-roberta' })).because.modelType).toBe('file name "xlm-roberta" (model_type)');
    expect(resolve(extraction({ fileModelName: 'xlm_roberta' })).because.modelType).toBe('file name "xlm_roberta" (alias)');
    expect(resolve(extraction({ fileModelName: 't5_small' })).because.modelType).toBe('file name "t5_small" (stem "t5")');
    expect(resolve(extraction({ fileModelName: 'flan-t5' })).because.modelType).toBe('file name "flan-t5" (prefix "flan" dropped)');
  });

  it('does not strip tokens that are not size/version words', () => {
    expect(resolve(extraction({ fileModelName: 'bert_sentiment_tuned' })).status).toBe('unknown');
  });
});

describe('unknown model types', () => {
  it('gives a specific reason when nothing resolves', () => {
    const r = resolve(extraction({ fileModelName: 'my_custom_model', modelIds: [found('./local/checkpoint')] }));
    expect(r.status).toBe('unknown');
    expect(r.modelType).toBeUndefined();
    expect(r.category).toBeUndefined();
    expect(r.reason).toBe('no catalog model type or checkpoint family matches "my_custom_model" (file name), nor any model type or checkpoint named in the file');
  });

  it('never settles an unresolved alias collision silently', () => {
    const r = resolve(extraction({ fileModelName: 'parakeet' }));
    expect(r.status).toBe('unknown');
    expect(r.reason).toContain('"parakeet" is ambiguous between parakeet_ctc, parakeet_encoder, parakeet_rnnt, parakeet_tdt');
    expect(resolve(extraction({ fileModelName: 'data2vec' })).reason).toContain('ambiguous between data2vec-audio, data2vec-text, data2vec-vision');
  });

  it('lets the content settle a collision in the file name', () => {
    const r = resolve(extraction({ fileModelName: 'data2vec', architectures: [found('Data2VecAudioForCTC', 'from_pretrained', 8)] }));
    expect(r.status).toBe('resolved');
    expect(r.modelType).toBe('data2vec-audio');
    expect(r.conflict).toBeUndefined();
    expect(r.warnings[0]).toContain('file name "data2vec" does not resolve ("data2vec" is ambiguous');
  });

  it('names transformers.js-only model types as such', () => {
    const r = resolve(extraction({ fileModelName: 'mobilenet_v3' }));
    expect(r.status).toBe('unknown');
    expect(r.reason).toContain('"mobilenet_v3" is a transformers.js-only model type');
  });

  it('handles an empty file name and files that are not model tests without crashing', () => {
    const r = resolve(extraction({ fileModelName: '', kind: 'api-service', kindReason: 'calls an HTTP endpoint' }));
    expect(r.status).toBe('unknown');
    expect(r.reason).toBe('the file name gives no model name and nothing in the file names a catalog model type');
    expect(resolve(extraction({ fileModelName: 'bert', kind: 'not-a-model-test' })).modelType).toBe('bert');
  });

  it('tolerates a partial extraction from a broken file (missing lists)', () => {
    const partial = { fileModelName: 'gpt-j', kind: 'model-test' } as unknown as Parameters<typeof resolve>[0];
    expect(resolve(partial)).toMatchObject({ status: 'resolved', modelType: 'gptj', task: 'text-generation', modelId: 'EleutherAI/gpt-j-6B' });
  });
});

describe('model type from the content', () => {
  it.each([
    ['modelTypes', { modelTypes: [found('xlm-roberta', 'registry type')] }, 'xlm-roberta'],
    ['architectures', { architectures: [found('XLMRobertaForMaskedLM')] }, 'xlm-roberta'],
    ['architectures (causal LM head)', { architectures: [found('GPTJForCausalLM')] }, 'gptj'],
    ['architectures (LMHeadModel)', { architectures: [found('OpenAIGPTLMHeadModel')] }, 'openai-gpt'],
    ['architectures (TF prefix)', { architectures: [found('TFDistilBertModel')] }, 'distilbert'],
    ['architectures (keeps Decoder in the type name)', { architectures: [found('VisionEncoderDecoderModel')] }, 'vision-encoder-decoder'],
    ['test class names', { classNames: [found('TestXlmRobertaModels')] }, 'xlm-roberta'],
    ['test class names (neox)', { classNames: [found('TestGPTNeoXModel')] }, 'gpt_neox'],
    ['model ids', { modelIds: [found('EleutherAI/gpt-neox-20b')] }, 'gpt_neox'],
    ['model ids with a long name', { modelIds: [found('dbmdz/bert-large-cased-finetuned-conll03-english')] }, 'bert'],
  ])('%s', (_label, overrides, expected) => {
    const r = resolve(extraction({ fileModelName: 'my_model', ...overrides }));
    expect(r.status).toBe('resolved');
    expect(r.modelType).toBe(expected);
  });

  it('ignores generic Auto classes and takes the next evidence', () => {
    const r = resolve(extraction({ fileModelName: 'unnamed', architectures: [found('AutoModelForCausalLM'), found('GPT2LMHeadModel', 'import', 3)] }));
    expect(r.modelType).toBe('gpt2');
    expect(r.because.modelType).toBe('architecture "GPT2LMHeadModel" (import, line 3) (class name stem "GPT2")');
  });

  it('weighs model_type strings above architectures, test classes and ids', () => {
    const r = resolve(extraction({
      fileModelName: 'unnamed',
      modelIds: [found('google-bert/bert-base-uncased')],
      classNames: [found('TestRobertaModels')],
      architectures: [found('GPT2LMHeadModel')],
      modelTypes: [found('xlm-roberta')],
    }));
    expect(r.modelType).toBe('xlm-roberta');
  });
});

describe('file name / content conflicts', () => {
  it('the file name wins when it resolves, and the conflict is recorded with a warning', () => {
    const r = resolve(extraction({
      fileModelName: 'bert',
      modelTypes: [found('xlm-roberta', 'registry type', 12)],
      classNames: [found('TestXlmRobertaModels', 'class', 30)],
    }));
    expect(r.modelType).toBe('bert');
    expect(r.conflict).toEqual({ fileName: 'bert', content: 'xlm-roberta', winner: 'file-name' });
    expect(r.warnings).toContainEqual(expect.stringContaining('file name "bert" names bert but the file\'s model type "xlm-roberta" (registry type, line 12) names xlm-roberta'));
  });

  it('content wins when the file name does not resolve (no conflict, but a warning)', () => {
    const r = resolve(extraction({ fileModelName: 'my_new_model', modelTypes: [found('gpt_neox', 'registry type', 3)] }));
    expect(r.modelType).toBe('gpt_neox');
    expect(r.conflict).toBeUndefined();
    expect(r.because.modelType).toBe('model type "gpt_neox" (registry type, line 3) (model_type)');
    expect(r.warnings[0]).toBe('file name "my_new_model" does not resolve (it matches no catalog model type); using gpt_neox from the file\'s model type "gpt_neox" (registry type, line 3)');
  });

  it('no conflict when file name and content agree through different spellings', () => {
    const r = resolve(extraction({ fileModelName: 'xlm_roberta', modelTypes: [found('xlm-roberta')], architectures: [found('XLMRobertaForMaskedLM')] }));
    expect(r.conflict).toBeUndefined();
    expect(r.warnings).toEqual([]);
  });
});

describe('category', () => {
  it('comes from the catalog only, never from keywords in names or tasks', () => {
    // "vision" and "image" in the name or task do not make a text model a vision model.
    const r = resolve(extraction({ fileModelName: 'bert', tasks: [found('image-classification')], modelIds: [found('someone/bert-vision-audio-image')] }));
    expect(r.category).toBe('text');
    // Speech-ish name, but the catalog says multimodal for clip and audio for whisper.
    expect(resolve(extraction({ fileModelName: 'clip' })).category).toBe('multimodal');
    expect(resolve(extraction({ fileModelName: 'whisper', tasks: [found('text-generation')] })).category).toBe('audio');
    expect(resolve(extraction({ fileModelName: 'vit' })).category).toBe('vision');
  });
});

describe('a catalog checkpoint in the file names its model type', () => {
  test('an unknown file-name stem resolves through an id that is a catalog checkpoint', () => {
    const r = resolve(extraction({ fileModelName: 'ast', modelIds: [found('MIT/ast-finetuned-audioset-10-10-0.4593', 'MODEL_ID =', 9)] }));
    expect(r).toMatchObject({ status: 'resolved', modelType: 'audio-spectrogram-transformer', category: 'audio', modelId: 'MIT/ast-finetuned-audioset-10-10-0.4593' });
    expect(r.because.modelType).toMatch(/checkpoint "MIT\/ast-finetuned-audioset-10-10-0\.4593".*catalog checkpoint/);
  });

  test('checkpoint ids match case-insensitively, but an id that only looks similar does not', () => {
    expect(resolve(extraction({ fileModelName: 'ast', modelIds: [found('mit/AST-finetuned-audioset-10-10-0.4593')] })).modelType).toBe('audio-spectrogram-transformer');
    expect(resolve(extraction({ fileModelName: 'zorbnet', modelIds: [found('someone/zorbnet-finetuned')] })).status).toBe('unknown');
  });
});
