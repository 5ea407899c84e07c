import { resolve, canonicaliseTask, allowedTasks } from '../../src/resolve';
import { loadCatalog } from '../../src/catalog';
import { extraction, found } from './factory';

const catalog = loadCatalog();

describe('task aliases', () => {
  it.each([
    ['sentiment-analysis', 'text-classification'],
    ['ner', 'token-classification'],
    ['NER', 'token-classification'],
    ['vqa', 'visual-question-answering'],
    ['text-to-speech', 'text-to-audio'],
    ['asr', 'automatic-speech-recognition'],
    ['embeddings', 'feature-extraction'],
    ['fill_mask', 'fill-mask'],
    ['Text Classification', 'text-classification'],
    ['translation_en_to_fr', 'translation'],
    ['masked-lm', 'fill-mask'],
    ['image-captioning', 'image-to-text'],
  ])('%s → %s', (legacy, canonical) => {
    expect(canonicaliseTask(legacy, catalog)).toBe(canonical);
  });

  it('knows no task for made-up names', () => {
    expect(canonicaliseTask('make-coffee', catalog)).toBeUndefined();
  });

  it('canonicalises the legacy task in a resolution and says so', () => {
    const r = resolve(extraction({ fileModelName: 'distilbert', tasks: [found('sentiment-analysis', 'pipeline(task)', 14)] }));
    expect(r.task).toBe('text-classification');
    expect(r.because.task).toBe('legacy task "sentiment-analysis" (pipeline(task), line 14) → text-classification');
    expect(r.warnings).toEqual([]);
  });
});

describe('legacy task kept or rejected', () => {
  it('keeps a task the family supports and transformers.js can run for it', () => {
    const r = resolve(extraction({ fileModelName: 'bert', tasks: [found('ner')] }));
    expect(r.task).toBe('token-classification');
  });

  it('keeps only the first task found', () => {
    const r = resolve(extraction({ fileModelName: 'bert', tasks: [found('fill-mask', 'a', 1), found('question-answering', 'b', 2)] }));
    expect(r.task).toBe('fill-mask');
  });

  it('rejects a task the family does not support, with a warning naming it and why', () => {
    const r = resolve(extraction({ fileModelName: 'bert', tasks: [found('summarization', 'pipeline(task)', 7)] }));
    expect(r.task).toBe('fill-mask');
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/^legacy task "summarization" \(pipeline\(task\), line 7\) rejected: bert does not support summarization \(catalog tasks: .*\); using fill-mask \(default for text families\)$/);
    expect(r.because.task).toContain('rejected');
  });

  it('rejects a task transformers supports for the family but transformers.js cannot run for it', () => {
    // bert lists text-generation (BertLMHeadModel) but transformers.js has no bert text-generation pipeline.
    expect(catalog.findByModelType('bert')!.tasks).toContain('text-generation');
    const r = resolve(extraction({ fileModelName: 'bert', tasks: [found('text-generation')] }));
    expect(r.task).not.toBe('text-generation');
    expect(r.warnings[0]).toContain('transformers.js cannot run text-generation for bert');
  });

  it('rejects an unknown task name', () => {
    const r = resolve(extraction({ fileModelName: 'gpt2', tasks: [found('make-coffee')] }));
    expect(r.task).toBe('text-generation');
    expect(r.warnings[0]).toContain('"make-coffee" is not a known pipeline task');
  });

  it('keeps a supported task for a family transformers.js does not support', () => {
    const r = resolve(extraction({ fileModelName: 'speech_to_text', tasks: [found('asr')] }));
    expect(catalog.findByModelType('speech_to_text')!.transformersJs.supported).toBe(false);
    expect(r.task).toBe('automatic-speech-recognition');
    // The task is kept; the only warning is that no ONNX checkpoint can be loaded for the family.
    expect(r.warnings).toEqual(['no ONNX checkpoint: the catalog lists none transformers.js can load for speech_to_text; runs against the Hub or HF_MODELS_DIR are skipped']);
    expect(r.onnxModelId).toBeNull();
  });
});

describe('choosing a task when none is kept', () => {
  it.each([
    ['ForMaskedLM → fill-mask', 'roberta', 'RobertaForMaskedLM', 'fill-mask'],
    ['ForSequenceClassification → text-classification', 'roberta', 'RobertaForSequenceClassification', 'text-classification'],
    ['ForTokenClassification → token-classification', 'roberta', 'RobertaForTokenClassification', 'token-classification'],
    ['ForQuestionAnswering → question-answering', 'bert', 'BertForQuestionAnswering', 'question-answering'],
    ['ForCausalLM → text-generation', 'llama', 'LlamaForCausalLM', 'text-generation'],
    ['LMHeadModel → text-generation', 'gpt2', 'GPT2LMHeadModel', 'text-generation'],
    ['ForConditionalGeneration on seq2seq text → text2text-generation', 't5', 'T5ForConditionalGeneration', 'text2text-generation'],
    ['ForConditionalGeneration on audio → ASR', 'whisper', 'WhisperForConditionalGeneration', 'automatic-speech-recognition'],
    ['ForImageClassification → image-classification', 'vit', 'ViTForImageClassification', 'image-classification'],
    ['ForCTC → automatic-speech-recognition', 'wav2vec2', 'Wav2Vec2ForCTC', 'automatic-speech-recognition'],
    ['ForSequenceClassification on audio → audio-classification', 'wav2vec2', 'Wav2Vec2ForSequenceClassification', 'audio-classification'],
    ['ForObjectDetection → object-detection', 'detr', 'DetrForObjectDetection', 'object-detection'],
    ['AutoModelForMaskedLM → fill-mask', 'bert', 'AutoModelForMaskedLM', 'fill-mask'],
    ['plain Model → feature-extraction', 'bert', 'BertModel', 'feature-extraction'],
  ])('architecture hint: %s', (_label, fileModelName, architecture, task) => {
    const r = resolve(extraction({ fileModelName, architectures: [found(architecture, 'from_pretrained', 5)] }));
    expect(r.task).toBe(task);
    expect(r.because.task).toBe(`no task in the file; architecture "${architecture}" (from_pretrained, line 5)`);
  });

  it('uses the architecture hint after rejecting the legacy task', () => {
    const r = resolve(extraction({ fileModelName: 'xlm-roberta', tasks: [found('text2text-generation')], architectures: [found('XLMRobertaForSequenceClassification')] }));
    expect(r.task).toBe('text-classification');
    expect(r.warnings[0]).toContain('xlm-roberta does not support text2text-generation');
  });

  it('ignores an architecture hint whose task the family cannot run, then another legacy task, then the category default', () => {
    const byOtherTask = resolve(extraction({ fileModelName: 'gptj', tasks: [found('fill-mask'), found('feature-extraction')], architectures: [found('GPTJForQuestionAnswering')] }));
    expect(byOtherTask.task).toBe('feature-extraction');
    expect(byOtherTask.because.task).toContain('another task in the file');
    const byDefault = resolve(extraction({ fileModelName: 'gptj', tasks: [found('fill-mask')] }));
    expect(byDefault.task).toBe('text-generation');
  });

  it.each([
    ['bert', 'fill-mask'],
    ['gptj', 'text-generation'],
    ['t5', 'text2text-generation'],
    ['vit', 'image-classification'],
    ['whisper', 'automatic-speech-recognition'],
    ['clip', 'zero-shot-image-classification'],
    ['wav2vec2-conformer', 'automatic-speech-recognition'],
  ])('category default for %s is %s', (fileModelName, task) => {
    const r = resolve(extraction({ fileModelName }));
    expect(r.task).toBe(task);
    expect(allowedTasks(catalog.findByModelType(r.modelType!)!)).toContain(task);
  });

  it('gives a family whose catalog tasks transformers.js cannot run a task it can (mistral4: only its causal LM is mapped)', () => {
    const entry = catalog.findByModelType('mistral4')!;
    expect(entry.tasks).not.toContain('text-generation');
    expect(allowedTasks(entry)).toEqual(['text-generation']);
    const r = resolve(extraction({ fileModelName: 'mistral4', architectures: [found('AutoModelForCausalLM')] }));
    expect(r.task).toBe('text-generation');
  });

  it("keeps a legacy task transformers.js's own pipeline tests run for the family, though its model mappings omit it (groupvit)", () => {
    const entry = catalog.findByModelType('groupvit')!;
    expect(entry.transformersJs.pipelineTasks).not.toContain('zero-shot-image-classification');
    expect(allowedTasks(entry)).toEqual(['zero-shot-image-classification']);
    const r = resolve(extraction({ fileModelName: 'groupvit', tasks: [found('zero-shot-image-classification')] }));
    expect(r.task).toBe('zero-shot-image-classification');
    expect(r.warnings.filter((w) => /rejected/.test(w))).toEqual([]);
    // A family with no such checkpoint gains nothing: bert's tasks are what its mappings list.
    expect(allowedTasks(catalog.findByModelType('bert')!)).not.toContain('zero-shot-image-classification');
  });

  it('leaves the task undefined, with a warning, for a family with no catalog task', () => {
    const entry = catalog.findByModelType('EvollaModel')!;
    expect(entry.tasks).toEqual([]);
    expect(entry.transformersJs.pipelineTasks).toEqual([]);
    const r = resolve(extraction({ fileModelName: 'EvollaModel', tasks: [found('text-generation')] }));
    expect(r.status).toBe('resolved');
    expect(r.task).toBeUndefined();
    expect(r.warnings.join('\n')).toContain('no task: the catalog lists no task for EvollaModel');
  });
});
