import { extract } from '../../src/extract';

describe('file name → language, model name, variant', () => {
  it.each([
    ['test_hf_xlm-roberta_standardized.py', 'python', 'xlm-roberta', 'standardized'],
    ['test_hf_gpt_j.py', 'python', 'gpt_j', 'base'],
    ['test_hf_bert_minimal.py', 'python', 'bert', 'minimal'],
    ['test_hf_vit_web.js', 'javascript', 'vit', 'web'],
    ['test_hf_flan-t5.mjs', 'javascript', 'flan-t5', 'base'],
    ['test_hf_ast.cjs', 'javascript', 'ast', 'base'],
    ['test_hf_whisper_web.ts', 'typescript', 'whisper', 'web'],
    ['test_hf_wav2vec2_conformer.py', 'python', 'wav2vec2_conformer', 'base'],
    ['test_hf_vision-encoder-decoder.js', 'javascript', 'vision-encoder-decoder', 'base'],
  ])('%s', (fileName, language, fileModelName, variant) => {
    const x = extract('', fileName);
    expect([x.language, x.fileModelName, x.variant]).toEqual([language, fileModelName, variant]);
  });

  it('strips only one variant suffix and never the whole name', () => {
    expect(extract('', 'test_hf_web.py').fileModelName).toBe('web');
    expect(extract('', 'test_hf_bert_web_minimal.py')).toMatchObject({ fileModelName: 'bert_web', variant: 'minimal' });
  });

  it('reports an unsupported extension instead of guessing silently', () => {
    const x = extract('x = 1\n', 'test_hf_bert.txt');
    expect(x.parse.clean).toBe(false);
    expect(x.parse.errors[0]).toMatch(/unsupported file extension '\.txt'/);
  });
});

describe('kind', () => {
  const modelBody = 'from transformers import pipeline\npipe = pipeline("fill-mask", model="bert-base-uncased")\n';

  it.each(['test_hf___help.py', 'test_hf_utils.py', 'test_hf_common.py', 'test_hf_runner.js', 'test_hf_helpers.py', 'test_hf_base.py', 'test_hf_conftest.py', 'test_hf___init__.py', 'test_hf__private.py'])(
    '%s is a helper even when it mentions models',
    (fileName) => {
      const x = extract(modelBody, fileName);
      expect(x.kind).toBe('not-a-model-test');
      expect(x.kindReason).toMatch(/helper file/);
    },
  );

  it.each(['test_hf_tgi.py', 'test_hf_tei.py', 'test_hf_inference_api.js'])('%s is an API-service test by name', (fileName) => {
    const x = extract('', fileName);
    expect(x.kind).toBe('api-service');
    expect(x.kindReason).toMatch(/HTTP inference service/);
  });

  it.each([
    ['requests.post(f"{BASE_URL}/generate", json={"inputs": "hi"})\n', 'test_hf_mistral_server.py'],
    ['r = requests.post(url + "/embed", json=payload)\n', 'test_hf_bge.py'],
    ['# served by\nIMAGE = "ghcr.io/huggingface/text-generation-inference:1.4"\n', 'test_hf_llama_srv.py'],
    ["await fetch(`${host}/generate`, { method: 'POST' });\n", 'test_hf_served.js'],
  ])('content posting to an inference service makes an API-service test (%#)', (content, fileName) => {
    const x = extract(content, fileName);
    expect(x.kind).toBe('api-service');
    expect(x.kindReason).toMatch(/^line \d+: addresses an HTTP inference service/);
  });

  it('a file with no model construct at all is not a model test', () => {
    const x = extract('import os\n\ndef add(a, b):\n    return a + b\n', 'test_hf_bert.py');
    expect(x.kind).toBe('not-a-model-test');
    expect(x.kindReason).toMatch(/no model construct/);
  });

  it('a model file is a model test with no reason', () => {
    const x = extract(modelBody, 'test_hf_bert.py');
    expect(x.kind).toBe('model-test');
    expect(x.kindReason).toBeUndefined();
  });

  it('from_pretrained with a non-literal id still counts as a model construct', () => {
    expect(extract('m = AutoModel.from_pretrained(self.model_id)\n', 'test_hf_bert.py').kind).toBe('model-test');
  });
});
