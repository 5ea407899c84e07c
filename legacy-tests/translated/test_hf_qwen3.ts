/**
 * Test for HuggingFace Qwen3 model
 * (auto-translated from test_hf_qwen3.py by py2ts; do not edit by hand)
 */
import { pipeline, env } from '@huggingface/transformers';

env.allowLocalModels = false;

const MODEL_ID: string = 'Qwen/Qwen3-0.6B';

describe('Qwen3 model', () => {
  let extractor: any;

  beforeAll(async () => {
    extractor = await pipeline("feature-extraction", MODEL_ID);
  }, 120000);

  test('model loads and runs', async () => {
    const output = await extractor("The quick brown fox jumps over the lazy dog.");
    expect(output).toBeDefined();
  });
});
