// OPT-125m smoke test
const MODEL_ID = 'Xenova/opt-125m';

async function main() {
  const { pipeline } = await import('@xenova/transformers');
  const summarizer = await pipeline('summarization', MODEL_ID);
  const text = 'Hello, my dog is cute and he likes to play fetch in the park every morning before breakfast.';
  const out = await summarizer(text, { max_new_tokens: 20 }));
  console.log(out);
}

main();
