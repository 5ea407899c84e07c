// Improved GPT-2 test (already migrated; must be ignored by the converter)
import { pipeline } from '@huggingface/transformers';

const MODEL_ID = 'Xenova/gpt2';

test('gpt2 generates a continuation', async () => {
  const generator = await pipeline('text-generation', MODEL_ID);
  const [out] = (await generator('Hello, I am', { max_new_tokens: 5 })) as Array<{ generated_text: string }>;
  expect(out.generated_text.startsWith('Hello, I am')).toBe(true);
});
