// LLaVA via transformers.js model classes.
import { AutoProcessor, LlavaForConditionalGeneration, RawImage } from '@huggingface/transformers';

const MODEL_ID = 'Xenova/llava-1.5-7b-hf';
const task = 'image-text-to-text';

const processor = await AutoProcessor.from_pretrained(MODEL_ID);
const model = await LlavaForConditionalGeneration.from_pretrained(MODEL_ID);
const image = await RawImage.read('images/cats.jpg');
const inputs = await processor('USER: <image>\nHow many cats? ASSISTANT:', image);
const out = await model.generate({ ...inputs, max_new_tokens: 10 });
console.log(task, out.dims);
