// Qwen2-VL through the model class (transformers.js has no image-text-to-text pipeline).
import { AutoProcessor, Qwen2VLForConditionalGeneration, RawImage } from '@huggingface/transformers';

const MODEL_ID: string = 'onnx-community/Qwen2-VL-2B-Instruct';

async function main(): Promise<void> {
  const processor = await AutoProcessor.from_pretrained(MODEL_ID);
  const model = await Qwen2VLForConditionalGeneration.from_pretrained(MODEL_ID);
  const image = await RawImage.read('test.jpg');
  const conversation = [{ role: 'user', content: [{ type: 'image' }, { type: 'text', text: 'What is in the picture?' }] }];
  const text = processor.apply_chat_template(conversation, { add_generation_prompt: true }) as string;
  const inputs = await processor(text, image);
  const output = await model.generate({ ...inputs, max_new_tokens: 16 });
  console.assert((output as any).dims[1] > (inputs.input_ids as any).dims[1], 'generated no tokens');
}

main();
