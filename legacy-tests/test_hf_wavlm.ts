import { AutoProcessor, AutoModel, read_audio, Tensor } from '@huggingface/transformers';

const MODEL_ID: string = 'Xenova/wavlm-base-plus';

async function embed(path: string): Promise<Tensor> {
  const processor = await AutoProcessor.from_pretrained(MODEL_ID);
  const model = await AutoModel.from_pretrained(MODEL_ID);
  const audio: Float32Array = await read_audio(path, 16000);
  const inputs = await processor(audio);
  const { last_hidden_state } = await model(inputs);
  return last_hidden_state as Tensor;
}

async function main(): Promise<void> {
  for (const f of ['test.wav', 'speaker2.wav']) {
    const h = await embed(f);
    console.log(f, h.dims);
    if (h.dims[2] !== 768) {
      throw new Error(`unexpected hidden size ${h.dims[2]}`);
  }
}

main();
