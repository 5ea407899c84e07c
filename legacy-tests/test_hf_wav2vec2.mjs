import { pipeline, read_audio } from '@huggingface/transformers';

const MODEL_ID = 'Xenova/wav2vec2-base-960h';
const AUDIO = 'test.wav';

const transcriber = await pipeline('automatic-speech-recognition', MODEL_ID);
const audio = await read_audio(AUDIO, 16000);
const { text } = await transcriber(audio);
console.log(text);
console.assert(text === text.toUpperCase(), 'CTC vocab is upper-case');
