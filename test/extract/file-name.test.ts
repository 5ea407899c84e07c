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

  it.each([
    ['test_hf_pythia_with_amd.py', 'pythia', 'base'],
    ['test_hf_nllb_cuda_benchmark.py', 'nllb', 'base'],
    ['test_hf_dino-openvino.js', 'dino', 'base'],
    ['test_hf_bert_standardized_gpu.py', 'bert', 'standardized'],
    ['test_hf_gpt2_integration_minimal.py', 'gpt2', 'minimal'],
    ['test_hf_cuda.py', 'cuda', 'base'],
    ['test_hf_bert_base_uncased.py', 'bert_base_uncased', 'base'],
  ])('strips hardware and test-kind words like variants: %s', (fileName, fileModelName, variant) => {
    expect(extract('', fileName)).toMatchObject({ fileModelName, variant });
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

  it('a file with no model construct at all is still a model test by its name, flagged for the resolver', () => {
    const x = extract('import os\n\ndef add(a, b):\n    return a + b\n', 'test_hf_bert.py');
    expect(x.kind).toBe('model-test');
    expect(x.noModelConstruct).toBe(true);
    expect(x.kindReason).toMatch(/no model construct/);
  });

  it.each([
    ['import pytest\n\npytest.skip("levit tests are generated elsewhere", allow_module_level=True)\n', 3, 'pytest.skip'],
    ['import pytest\nMODEL_ID = "google/gemma3-1b-it"\npytest.skip(\n    reason="placeholder (%s)" % (MODEL_ID),\n    allow_module_level=True,\n)\n', 3, 'pytest.skip'],
    ['import unittest\nraise unittest.SkipTest("not generated yet")\n', 2, 'raise SkipTest'],
  ])('a placeholder that skips itself at module level is not a model test (%#)', (content, line, what) => {
    const x = extract(content, 'test_hf_gemma3.py');
    expect(x.kind).toBe('not-a-model-test');
    expect(x.kindReason).toBe(`placeholder that skips itself: ${what}${what === 'pytest.skip' ? '(..., allow_module_level=True)' : '(...)'} at module level (line ${line})`);
  });

  it('a conditional module-level skip (inside an `if`) is a real test that skips on some machines', () => {
    const x = extract('import pytest, torch\nif not torch.cuda.is_available():\n    pytest.skip("needs a GPU", allow_module_level=True)\npipe = pipeline("fill-mask", model="bert-base-uncased")\n', 'test_hf_bert.py');
    expect(x.kind).toBe('model-test');
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
