// Whisper in the browser (web worker variant). Typed for the demo app.
import { pipeline, env, AutomaticSpeechRecognitionPipeline } from '@huggingface/transformers';

env.allowLocalModels = false;

const MODEL_ID = 'onnx-community/whisper-tiny.en';
const AUDIO_URL = 'https://huggingface.co/datasets/Xenova/transformers.js-docs/resolve/main/jfk.wav';

type Chunk = { timestamp: [number, number | null]; text: string };

let transcriber: AutomaticSpeechRecognitionPipeline | null = null;

export async function transcribe(url: string = AUDIO_URL): Promise<string> {
  transcriber ??= (await pipeline('automatic-speech-recognition', MODEL_ID, { dtype: 'q8' })) as AutomaticSpeechRecognitionPipeline;
  const result = (await transcriber(url, { return_timestamps: true, chunk_length_s: 30 })) as { text: string; chunks: Chunk[] };
  return result.text;
}

const text = await transcribe();
const expected = 'And so my fellow Americans ask not what your country can do for you';
console.assert(text.trim().startsWith(expected), `unexpected transcript: ${text}`);
console.log(await transcribe('test.wav'));
