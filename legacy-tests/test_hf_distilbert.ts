// Sentiment analysis with DistilBERT (SST-2) - typed version
import { pipeline, TextClassificationPipeline, TextClassificationOutput } from '@huggingface/transformers';

const MODEL_ID: string = 'Xenova/distilbert-base-uncased-finetuned-sst-2-english';

interface Case {
  text: string;
  expected: 'POSITIVE' | 'NEGATIVE';
}

const cases: Case[] = [
  { text: 'I love transformers!', expected: 'POSITIVE' },
  { text: 'This movie was a complete waste of time.', expected: 'NEGATIVE' },
  { text: "It's not bad at all, actually quite good.", expected: 'POSITIVE' },
];

async function main(): Promise<void> {
  const classifier = (await pipeline('sentiment-analysis', MODEL_ID)) as TextClassificationPipeline;
  let failures: number = 0;
  for (const c of cases) {
    const [top] = (await classifier(c.text)) as TextClassificationOutput;
    const ok: boolean = top.label === c.expected;
    if (!ok) failures++;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${top.label} ${top.score.toFixed(4)} ${c.text}`);
  }
  console.assert(failures === 0, `${failures} failures`);
}

main();
