import { checkExpected, expectationApplies } from '../../src/runtime/expected';
import type { ExpectedOutput, ModelSpec } from '../../src/runtime/spec';

const spec = (task: string, expected: ExpectedOutput[]): ModelSpec => ({
  modelType: 'bert', modelId: 'google-bert/bert-base-uncased', onnxModelId: 'Xenova/bert-base-uncased', task, category: 'text',
  transformersJs: { supported: true, pipelineTasks: [task] },
  inputs: { texts: [], maskedTexts: [], candidateLabels: [], questions: [], images: [], audio: [] },
  expected, sources: [{ file: 'test_hf_bert.py' }], warnings: [],
});
const fillMask = [
  { call: { label: 'masked text 1', input: 'The capital of France is [MASK].' }, output: [{ token_str: 'paris', score: 0.9, token: 3000, sequence: 'the capital of france is paris.' }] },
  { call: { label: 'masked text 2', input: 'Paris is the [MASK] of France.' }, output: [{ token_str: 'capital', score: 0.8, token: 3007, sequence: 'paris is the capital of france.' }] },
];
const at = (file: string, line: number) => ({ file, line });

describe('legacy expected outputs', () => {
  test('hold when one legacy input gives them (the fill-mask suite of bert: "paris" and "capital")', () => {
    expect(() => checkExpected(spec('fill-mask', [
      { kind: 'token_str', value: 'paris', source: at('test_hf_bert.js', 23) },
      { kind: 'token_str', value: 'Capital', source: at('test_hf_bert_web.mjs', 22) },
    ]), fillMask)).not.toThrow();
  });

  test('a value no output has fails naming it, the legacy file and line', () => {
    expect(() => checkExpected(spec('fill-mask', [{ kind: 'token_str', value: 'london', source: at('test_hf_bert.js', 23) }]), fillMask)).toThrow(
      'expected token_str "london" (stated in test_hf_bert.js:23) is not in the output of any legacy input',
    );
  });

  test('whole values for tokens and labels ("par" is not "paris"), substrings for free text', () => {
    expect(() => checkExpected(spec('fill-mask', [{ kind: 'token_str', value: 'par', source: at('a.py', 1) }]), fillMask)).toThrow(/"par"/);
    expect(() => checkExpected(spec('fill-mask', [{ kind: 'output', value: 'capital of france', source: at('a.py', 1) }]), fillMask)).not.toThrow();
  });

  test('an expectation naming its input is checked against that input only', () => {
    const s = spec('fill-mask', [{ kind: 'token_str', value: 'capital', input: 'The capital of France', source: at('a.py', 4) }]);
    expect(() => checkExpected(s, fillMask)).toThrow('is not in the output of the input containing "The capital of France"');
  });

  test("kinds another task produces are not this suite's to check (a QA answer or an NER entity in a fill-mask suite)", () => {
    const other = [{ kind: 'answer', value: 'a nice puppet', source: at('skills/test_hf_bert.js', 13) }, { kind: 'entity', value: 'B-PER', source: at('archive/test_hf_bert.js', 23) }];
    expect(() => checkExpected(spec('fill-mask', other), fillMask)).not.toThrow();
    expect(expectationApplies(other[1], 'token-classification')).toBe(true);
    expect(expectationApplies({ kind: 'something-new', value: 'x', source: at('a.py', 1) }, 'fill-mask')).toBe(true);
  });
});
