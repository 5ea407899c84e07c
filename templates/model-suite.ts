// hf-convert template for one generated model suite.
// The emitter keeps this file's code and replaces the `spec` initializer with the converted
// spec (every legacy string becomes an escaped literal) and this comment with the header.
// It is type-checked with the project, so a template that drifts from `ModelSpec` fails CI.
import { describeModel, type ModelSpec } from 'hf-convert/runtime';

const spec: ModelSpec = {
  modelType: 'bert',
  modelId: 'google-bert/bert-base-uncased',
  onnxModelId: 'Xenova/bert-base-uncased',
  task: 'fill-mask',
  category: 'text',
  transformersJs: { supported: true, pipelineTasks: ['feature-extraction', 'fill-mask'] },
  inputs: {
    texts: [],
    maskedTexts: ['The capital of France is [MASK].'],
    candidateLabels: [],
    questions: [],
    images: [],
    audio: [],
  },
  expected: [{ kind: 'top-token', value: 'paris', source: { file: 'test_hf_bert.py', line: 42 } }],
  sources: [{ file: 'test_hf_bert.py' }],
  warnings: [],
};

describeModel(spec);
