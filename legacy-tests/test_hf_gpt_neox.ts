// Pythia (GPT-NeoX architecture) generation test
import { AutoTokenizer, AutoModelForCausalLM, PreTrainedTokenizer, PreTrainedModel, Tensor } from '@huggingface/transformers';

const MODEL_ID = 'onnx-community/pythia-70m-deduped-ONNX';

type GenResult = { prompt: string; text: string; ms: number };

const prompts: ReadonlyArray<string> = ['Hello, I am', 'The Pile is a dataset of'];

async function generate(tokenizer: PreTrainedTokenizer, model: PreTrainedModel, prompt: string): Promise<GenResult> {
  const start = performance.now();
  const inputs = tokenizer(prompt) as { input_ids: Tensor; attention_mask: Tensor };
  const output = (await model.generate({ ...inputs, max_new_tokens: 12 })) as Tensor;
  const text = tokenizer.batch_decode(output, { skip_special_tokens: true })[0]!;
  return { prompt, text, ms: performance.now() - start };
}

(async () => {
  const tokenizer = await AutoTokenizer.from_pretrained(MODEL_ID);
  const model = await AutoModelForCausalLM.from_pretrained(MODEL_ID, { dtype: 'fp32' });
  const results: GenResult[] = [];
  for (const p of prompts) results.push(await generate(tokenizer, model, p));
  console.table(results);
  console.assert(results.every((r) => r.text.startsWith(r.prompt)));
})();
