/**
 * Test for HuggingFace EfficientNet model
 * (auto-translated from test_hf_efficientnet.py by py2ts; do not edit by hand)
 */
import { pipeline, env } from '@huggingface/transformers';

env.allowLocalModels = false;

const MODEL_ID: string = 'google/efficientnet-b0';

describe('EfficientNet model', () => {
  let extractor: any;

  beforeAll(async () => {
    extractor = await pipeline("feature-extraction", MODEL_ID);
  }, 120000);

  test('model loads and runs', async () => {
    const output = await extractor("The quick brown fox jumps over the lazy dog.");
    expect(output).toBeDefined();
    const embeddings = output.tolist();
    expect(embeddings[0].length).toBeGreaterThan(0); // embeddings keep one row per image
  });
});
