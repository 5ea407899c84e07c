// MusicGen: text prompt to audio.
import { pipeline } from '@huggingface/transformers';

interface Audio { audio: Float32Array; sampling_rate: number }

const MODEL_ID = 'Xenova/musicgen-small';

async function main(): Promise<void> {
  const synth = await pipeline('text-to-audio', MODEL_ID);
  const out = (await synth('80s pop track with bassy drums and synth', { max_new_tokens: 32 })) as unknown as Audio;
  console.assert(out.sampling_rate === 32000, 'musicgen samples at 32 kHz');
}

main();
