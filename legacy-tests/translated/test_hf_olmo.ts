/**
 * Test for HuggingFace OLMo model
 * (auto-translated from test_hf_olmo.py by py2ts; do not edit by hand)
 */
import { pipeline, env } from '@huggingface/transformers';

env.allowLocalModels = false;

const MODEL_ID: string = 'allenai/OLMo-1B-hf';

describe('OLMo model', () => {
  let extractor: any;

  beforeAll(async () => {
    extractor = await pipeline("feature-extraction", MODEL_ID);
  }, 120000);

  test('model loads and runs', async () => {
    const output = await extractor("The quick brown fox jumps over the lazy dog.");
    expect(output).toBeDefined();
  });
