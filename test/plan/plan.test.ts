import { plan, type AnalysedFile } from '../../src/plan';
import { resolve } from '../../src/resolve';
import type { Extraction } from '../../src/extract/types';
import { extraction, found } from '../resolve/factory';

function file(source: string, overrides: Partial<Extraction> = {}): AnalysedFile {
  const x = extraction(overrides);
  return { source, language: x.language, extraction: x, resolution: resolve(x), warnings: [] };
}

describe('plan', () => {
  test('folds hyphen twins, copies in other folders and variants into one suite per model type', () => {
    const files = [
      file('test_hf_xlm-roberta.py', { fileModelName: 'xlm-roberta', inputs: { ...extraction().inputs, maskedTexts: [found('Paris is the <mask> of France.')] } }),
      file('test_hf_xlm_roberta.py', { fileModelName: 'xlm_roberta', inputs: { ...extraction().inputs, maskedTexts: [found('Paris is the <mask> of France.'), found('I like <mask>.')] } }),
      file('archive/test_hf_xlm-roberta.py', { fileModelName: 'xlm-roberta', inputs: { ...extraction().inputs, texts: [found('Bonjour')] } }),
      file('test_hf_xlm-roberta_standardized.py', { fileModelName: 'xlm-roberta', variant: 'standardized' }),
      file('test_hf_bert.py', { fileModelName: 'bert' }),
    ];
    const result = plan(files);
    expect(result.suites.map((s) => s.output)).toEqual(['text/bert.test.ts', 'text/xlm-roberta.test.ts']);
    const xlmr = result.suites.find((s) => s.spec.modelType === 'xlm-roberta')!.spec;
    expect(xlmr.inputs.maskedTexts).toEqual(['Paris is the <mask> of France.', 'I like <mask>.']);
    expect(xlmr.inputs.texts).toEqual(['Bonjour']);
    expect(xlmr.sources.map((s) => s.file)).toEqual([
      'test_hf_xlm-roberta.py',
      'test_hf_xlm_roberta.py',
      'archive/test_hf_xlm-roberta.py',
      'test_hf_xlm-roberta_standardized.py',
    ]);
    const statuses = result.records.map((r) => [r.source, r.status]);
    expect(statuses).toEqual([
      ['test_hf_xlm-roberta.py', 'converted'],
      ['test_hf_xlm_roberta.py', 'duplicate'],
      ['archive/test_hf_xlm-roberta.py', 'duplicate'],
      ['test_hf_xlm-roberta_standardized.py', 'duplicate'],
      ['test_hf_bert.py', 'converted'],
    ]);
    expect(result.records[1].reason).toBe('folded into text/xlm-roberta.test.ts (converted from test_hf_xlm-roberta.py)');
    expect(result.records.every((r) => r.status !== 'duplicate' || r.output === 'text/xlm-roberta.test.ts')).toBe(true);
  });

  test("translation languages: the first file that states one decides it; none stated, no languages", () => {
    const inputs = (sourceLanguages: string[], targetLanguages: string[]) => ({
      ...extraction().inputs, sourceLanguages: sourceLanguages.map((v) => found(v)), targetLanguages: targetLanguages.map((v) => found(v)),
    });
    const result = plan([
      file('test_hf_m2m_100.py', { fileModelName: 'm2m_100', inputs: inputs([], ['fr']) }),
      file('test_hf_m2m_100.js', { fileModelName: 'm2m_100', inputs: inputs(['hi', 'zh'], []) }),
      file('test_hf_bert.py', { fileModelName: 'bert' }),
    ]);
    const specOf = (modelType: string) => result.suites.find((s) => s.spec.modelType === modelType)!.spec;
    expect(specOf('m2m_100').inputs.languages).toEqual({ source: 'hi', target: 'fr' });
    // When two files state one, the suite's primary file (its first source) wins.
    const both = plan([
      file('test_hf_m2m_100.py', { fileModelName: 'm2m_100', inputs: inputs(['en'], ['fr']) }),
      file('test_hf_m2m_100.js', { fileModelName: 'm2m_100', inputs: inputs(['hi'], ['de']) }),
    ]).suites[0].spec;
    const primaryIsPython = both.sources[0].file.endsWith('.py');
    expect(both.inputs).not.toHaveProperty('translations');
    expect(both.inputs.languages).toEqual(primaryIsPython ? { source: 'en', target: 'fr' } : { source: 'hi', target: 'de' });
    expect(specOf('bert').inputs).not.toHaveProperty('languages');
  });

  test('translation cases from every file, deduplicated, in primary-first order', () => {
    const cases = (...values: Array<{ text: string; source?: string; target?: string }>) => ({
      ...extraction().inputs, translationCases: values.map((value) => ({ value, construct: 'test', line: 1 })),
    });
    const spec = plan([
      file('test_hf_m2m_100.py', { fileModelName: 'm2m_100', inputs: cases({ text: 'Hello', source: 'en', target: 'fr' }) }),
      file('archive/test_hf_m2m_100.py', { fileModelName: 'm2m_100', inputs: cases({ text: 'Hello', source: 'en', target: 'fr' }, { text: 'Hallo', source: 'de' }) }),
    ]).suites[0].spec;
    expect(spec.inputs.translations).toEqual([{ text: 'Hello', source: 'en', target: 'fr' }, { text: 'Hallo', source: 'de' }]);
  });

  test('the base variant names the suite even when a variant sorts first; clean parses beat broken ones', () => {
    const result = plan([
      file('a/test_hf_bert_minimal.py', { fileModelName: 'bert', variant: 'minimal' }),
      file('b/test_hf_bert.py', { fileModelName: 'bert', parse: { clean: false, errors: ['unmatched )'] } }),
      file('c/test_hf_bert.py', { fileModelName: 'bert' }),
    ]);
    expect(result.records.find((r) => r.status === 'converted')!.source).toBe('c/test_hf_bert.py');
  });

  test('every file gets exactly one record: skipped and failed files keep their reasons', () => {
    const files: AnalysedFile[] = [
      file('test_hf___help.py', { fileModelName: '__help', kind: 'not-a-model-test', kindReason: 'help text for the test runner' }),
      file('test_hf_tgi.py', { fileModelName: 'tgi', kind: 'api-service', kindReason: 'text-generation-inference HTTP client' }),
      file('test_hf_my_custom_model.py', { fileModelName: 'my_custom_model' }),
      { source: 'test_hf_blob.py', language: 'python', failure: 'binary file: NUL byte at offset 3; not a script', warnings: [] },
      { source: 'test_hf_empty.py', language: 'python', skip: 'empty file', warnings: [] },
    ];
    const result = plan(files);
    expect(result.suites).toEqual([]);
    expect(result.records.map((r) => [r.status, r.reason?.split(':')[0]])).toEqual([
      ['skipped', 'not a model test'],
      ['skipped', 'API-service test'],
      ['skipped', 'unknown model type'],
      ['failed', 'binary file'],
      ['skipped', 'empty file'],
    ]);
  });

  test('a task or id stated by a folded file beats the catalog default of the primary', () => {
    const result = plan([
      file('test_hf_gpt2.py', { fileModelName: 'gpt2' }),
      file('old/test_hf_gpt2.py', { fileModelName: 'gpt2', tasks: [found('text-generation')], modelIds: [found('openai-community/gpt2-medium')] }),
    ]);
    const spec = result.suites[0].spec;
    expect(spec.task).toBe('text-generation');
    expect(spec.modelId).toBe('openai-community/gpt2-medium');
  });

  test('category comes from the catalog', () => {
    const result = plan([file('test_hf_vit.py', { fileModelName: 'vit' }), file('test_hf_whisper.py', { fileModelName: 'whisper' }), file('test_hf_clip.py', { fileModelName: 'clip' })]);
    expect(result.suites.map((s) => s.output)).toEqual(['audio/whisper.test.ts', 'multimodal/clip.test.ts', 'vision/vit.test.ts']);
  });

  test('every suite and record carries both ids: the legacy modelId and the onnxModelId the runtime loads', () => {
    const result = plan([
      file('test_hf_bert.py', { fileModelName: 'bert', modelIds: [found('bert-base-uncased')] }),
      file('test_hf_levit.py', { fileModelName: 'levit' }),
    ]);
    const specOf = (modelType: string) => result.suites.find((s) => s.spec.modelType === modelType)!.spec;
    expect(specOf('bert')).toMatchObject({ modelId: 'google-bert/bert-base-uncased', onnxModelId: 'Xenova/bert-base-uncased' });
    expect(specOf('levit')).toMatchObject({ modelId: 'facebook/levit-128S', onnxModelId: null });
    expect(Object.keys(specOf('bert')).slice(0, 3)).toEqual(['modelType', 'modelId', 'onnxModelId']);
    expect(result.records.map((r) => [r.source, r.model_id, r.onnx_model_id])).toEqual([
      ['test_hf_bert.py', 'google-bert/bert-base-uncased', 'Xenova/bert-base-uncased'],
      ['test_hf_levit.py', 'facebook/levit-128S', null],
    ]);
  });

  test('the ONNX checkpoint fits the suite\'s id and task even when they come from different files', () => {
    const result = plan([
      file('test_hf_gpt_neox.py', { fileModelName: 'gpt_neox', tasks: [found('text-generation')] }),
      file('test_hf_pythia.py', { fileModelName: 'pythia', modelIds: [found('EleutherAI/pythia-70m')] }),
    ]);
    expect(result.suites[0].spec).toMatchObject({ modelType: 'gpt_neox', modelId: 'EleutherAI/pythia-70m', onnxModelId: 'Xenova/pythia-70m', task: 'text-generation' });
    // The file named for the model type names the suite; the checkpoint-family file folds into it.
    expect(result.records.map((r) => [r.source, r.status])).toEqual([['test_hf_gpt_neox.py', 'converted'], ['test_hf_pythia.py', 'duplicate']]);
  });

  test('a listed file id beats an unverified one from an earlier file as the suite\'s legacy id', () => {
    const result = plan([
      file('test_hf_gpt_neox.ts', { fileModelName: 'gpt_neox', modelIds: [found('onnx-community/pythia-70m-deduped-ONNX')] }),
      file('test_hf_gpt_neox.py', { fileModelName: 'gpt_neox', parse: { clean: false, errors: ['x'] }, modelIds: [found('EleutherAI/pythia-160m')] }),
    ]);
    expect(result.suites[0].spec).toMatchObject({ modelId: 'EleutherAI/pythia-160m', onnxModelId: 'Xenova/pythia-160m' });
  });

  test('a file with no model construct: folded into or creating its family\'s suite when its name resolves, else not a model test', () => {
    const none = { noModelConstruct: true as const, kindReason: 'no model construct found (no model id, task, model type, architecture, test class, pipeline or from_pretrained call)' };
    const result = plan([
      file('test_hf_swin.py', { fileModelName: 'swin', tasks: [found('image-classification')] }),
      file('test_hf_swin_standardized.py', { fileModelName: 'swin', variant: 'standardized', ...none }),
      file('test_hf_levit.py', { fileModelName: 'levit', ...none }),
      file('test_hf_setup_env.py', { fileModelName: 'setup_env', ...none }),
    ]);
    expect(result.suites.map((s) => s.output)).toEqual(['vision/levit.test.ts', 'vision/swin.test.ts']);
    expect(result.records.map((r) => [r.source, r.status])).toEqual([
      ['test_hf_swin.py', 'converted'],
      ['test_hf_swin_standardized.py', 'duplicate'],
      ['test_hf_levit.py', 'converted'],
      ['test_hf_setup_env.py', 'skipped'],
    ]);
    expect(result.records[1].warnings[0]).toMatch(/^the file has no model construct/);
    expect(result.records[3].reason).toBe('not a model test: no model construct found (no model id, task, model type, architecture, test class, pipeline or from_pretrained call), and its file name names no catalog model type or checkpoint family');
  });
});
