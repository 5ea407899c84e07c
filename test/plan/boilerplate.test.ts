import { plan, type AnalysedFile } from '../../src/plan';
import { resolve } from '../../src/resolve';
import { allowedTasks } from '../../src/resolve/task';
import { loadCatalog } from '../../src/catalog';
import { MIN_SCOPE_FILES } from '../../src/plan/boilerplate';
import type { Extraction, Found } from '../../src/extract/types';
import { extraction } from '../resolve/factory';

const TEMPLATE: Found = { value: 'feature-extraction', construct: 'pipeline task', line: 15 };

function file(source: string, fileModelName: string, overrides: Partial<Extraction> = {}): AnalysedFile {
  const x = extraction({ fileModelName, tasks: [TEMPLATE], ...overrides });
  return { source, language: x.language, extraction: x, resolution: resolve(x), warnings: [] };
}

/** A machine-translated batch: the same feature-extraction call in every file, across text, vision and audio families. */
const FAMILIES = ['phi3', 'qwen3', 'olmo', 'convnextv2', 'mobilenet_v2', 'efficientnet', 'unispeech', 'nomic_bert', 'swinv2'];
const batch = (dir: string, extra: Record<string, Partial<Extraction>> = {}) => FAMILIES.map((t) => file(`${dir}/test_hf_${t}.ts`, t, extra[t]));
const recordOf = (files: AnalysedFile[], source: string) => plan(files).records.find((r) => r.source === source)!;

describe('template boilerplate task evidence', () => {
  test('a call shared by most files of unrelated families is boilerplate: the family primary task wins, with a warning and provenance', () => {
    const files = batch('translated');
    const phi3 = recordOf(files, 'translated/test_hf_phi3.ts');
    expect(phi3.task).toBe('text-generation');
    expect(phi3.task_evidence).toMatchObject({ boilerplate: [{ value: 'feature-extraction', files: 9, scope_files: 9, scope: 'the corpus' }], intent: [] });
    expect(phi3.warnings.join('\n')).toMatch(/"feature-extraction" \(pipeline task, line 15\) is template boilerplate: the same call is in 9 of 9 model-test files/);
    expect(recordOf(files, 'translated/test_hf_convnextv2.ts').task).toBe('image-classification');
    expect(recordOf(files, 'translated/test_hf_unispeech.ts').task).toBe('automatic-speech-recognition');
  });

  test("the test's own embedding evidence keeps feature-extraction, as image-feature-extraction for a vision family", () => {
    const pooling: Found = { value: 'mean', construct: 'pooling option', line: 19 };
    const assertion: Found = { value: 'embeddings', construct: 'embedding assertion', line: 22 };
    const files = batch('translated', { nomic_bert: { featureIntent: [pooling] }, efficientnet: { featureIntent: [assertion] } });
    const nomic = recordOf(files, 'translated/test_hf_nomic_bert.ts');
    expect(nomic.task).toBe('feature-extraction');
    expect(nomic.task_evidence!.intent).toEqual([{ construct: 'pooling option', value: 'mean', line: 19 }]);
    expect(recordOf(files, 'translated/test_hf_efficientnet.ts').task).toBe('image-feature-extraction');
  });

  test('intent evidence that is itself template boilerplate does not keep the task', () => {
    const shared: Found = { value: 'mean', construct: 'pooling option', line: 19 };
    const files = batch('translated', Object.fromEntries(FAMILIES.map((t) => [t, { featureIntent: [shared] }])));
    expect(recordOf(files, 'translated/test_hf_efficientnet.ts').task).toBe('image-classification');
  });

  test('small corpora, minority calls and single-category corpora do not trip the rule', () => {
    const small = batch('few').slice(0, MIN_SCOPE_FILES - 1);
    expect(recordOf(small, 'few/test_hf_phi3.ts')).toMatchObject({ task: 'feature-extraction' });
    expect(recordOf(small, 'few/test_hf_phi3.ts').task_evidence).toBeUndefined();

    const minority = [...batch('mixed').slice(0, 4), ...FAMILIES.slice(4).map((t) => file(`mixed/test_hf_${t}.ts`, t, { tasks: [] })), ...['gpt2', 'llama', 'bert'].map((t) => file(`mixed/test_hf_${t}.ts`, t, { tasks: [] }))];
    expect(recordOf(minority, 'mixed/test_hf_phi3.ts').task).toBe('feature-extraction');

    const textOnly = ['phi3', 'qwen3', 'olmo', 'nomic_bert', 'gpt2', 'llama', 'bert', 'mpnet', 'roberta'].map((t) => file(`text/test_hf_${t}.ts`, t));
    expect(recordOf(textOnly, 'text/test_hf_phi3.ts').task).toBe('feature-extraction');
  });
});

describe('model-class tasks', () => {
  const catalog = loadCatalog();
  test.each([
    ['qwen2_vl', 'image-text-to-text'],
    ['llava', 'image-text-to-text'],
    ['florence2', 'image-text-to-text'],
    ['paligemma', 'image-text-to-text'],
    ['sam', 'mask-generation'],
    ['vitpose', 'pose-estimation'],
    ['vision-encoder-decoder', 'document-question-answering'],
    ['segformer', 'background-removal'],
  ])('%s may be given %s', (modelType, task) => {
    expect(allowedTasks(catalog.findByModelType(modelType)!)).toContain(task);
  });
  test('a family with no such mapping is not given one', () => {
    expect(allowedTasks(catalog.findByModelType('bert')!)).not.toContain('image-text-to-text');
    expect(allowedTasks(catalog.findByModelType('vit')!)).not.toContain('mask-generation');
  });
});
