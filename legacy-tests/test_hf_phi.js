const { pipeline } = require('@xenova/transformers');

const MODEL_ID = 'Xenova/phi-1_5_dev';

async function main() {
  const generator = await pipeline('summarization', MODEL_ID);
  const prompt = 'def print_prime(n):\n   """\n   Print all primes between 1 and n\n   """';
  const output = await generator(prompt, { max_new_tokens: 48, temperature: 0 });
  console.log(output[0].generated_text);
  console.assert(output[0].generated_text.includes('for'), 'expected a loop in the completion');
}

main();
