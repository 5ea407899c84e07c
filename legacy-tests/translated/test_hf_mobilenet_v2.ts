/**
 * Test for HuggingFace MobileNetV2 model
 * (auto-translated from test_hf_mobilenet_v2.py by py2ts; do not edit by hand)
 */
import { pipeline, env } from '@huggingface/transformers';

env.allowLocalModels = false;

const MODEL_ID: string = 'google/mobilenet_v2_1.0_224';

describe('MobileNetV2 model', () => {
  let extractor: any;

  beforeAll(async () => {
    extractor = await pipeline("feature-extraction", MODEL_ID);
  }, 120000);

  test('model loads and runs', async () => {
    const output = await extractor("The quick brown fox jumps over the lazy dog.");
    expect(output).toBeDefined();
  });
});
