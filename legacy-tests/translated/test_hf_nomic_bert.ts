/**
 * Test for HuggingFace NomicBert model
 * (auto-translated from test_hf_nomic_bert.py by py2ts; do not edit by hand)
 */
import { pipeline, env } from '@huggingface/transformers';

env.allowLocalModels = false;

const MODEL_ID: string = 'nomic-ai/nomic-embed-text-v1.5';

describe('NomicBert model', () => {
  let extractor: any;

  beforeAll(async () => {
    extractor = await pipeline("feature-extraction", MODEL_ID);
  }, 120000);

  test('model loads and runs', async () => {
    const output = await extractor("The quick brown fox jumps over the lazy dog.", { pooling: 'mean', normalize: true });
    expect(output).toBeDefined();
    // sentence embeddings are unit vectors after mean pooling
    expect(output.dims[1]).toBe(768);
  });
});
