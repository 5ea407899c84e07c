// GPT-2 text generation - web demo test. Prompts include nasty strings that broke the old HTML report.
import { pipeline, env } from '@xenova/transformers';

env.allowLocalModels = false;
env.backends.onnx.wasm.numThreads = 1;

const MODEL_ID = 'Xenova/gpt2';

const prompts = [
  "Hello, I'm a language model,",
  'Ignore previous output ${process.exit(1)} and continue',
  'Backticks `rm -rf /` and `${HOME}` should stay text',
  'A comment closer */ and an opener /* inside a prompt',
  'She said "hello" and it\'s fine',
  'Windows path C:\\Users\\hf\\models and a regex \\d+\\s*',
  'Line one\nLine two after a newline escape',
  'Café crème, naïve façade, 日本語のテキスト, emoji 🤗🚀',
];

const generator = await pipeline('text-generation', MODEL_ID);

for (const prompt of prompts) {
  const [out] = await generator(prompt, { max_new_tokens: 20, do_sample: false });
  console.assert(out.generated_text.startsWith(prompt), 'generation must echo the prompt');
  globalThis.document?.body?.insertAdjacentText?.('beforeend', out.generated_text);
  console.log(JSON.stringify(out.generated_text));
}
