import { pipeline, TextStreamer } from '@huggingface/transformers';

const MODEL_ID = 'onnx-community/Qwen2.5-0.5B-Instruct';

const generator = await pipeline('text-generation', MODEL_ID, { dtype: 'q4' });

const messages = [
  { role: 'system', content: 'You are a helpful assistant.' },
  { role: 'user', content: 'Tell me a joke about the number 42.' },
];

const streamer = new TextStreamer(generator.tokenizer, { skip_prompt: true });
const output = await generator(messages, { max_new_tokens: 64, do_sample: false, streamer });
const reply = output[0].generated_text.at(-1).content;
console.assert(typeof reply === 'string' && reply.length > 0, 'empty reply');
