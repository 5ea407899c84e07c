// Tests against the hosted Inference API (needs HF_TOKEN). Not a local model test.
const HF_TOKEN = process.env.HF_TOKEN;
const API_URL = 'https://api-inference.huggingface.co/models/';

const checks = [
  { model: 'distilbert/distilbert-base-uncased-finetuned-sst-2-english', inputs: 'I like you. I love you' },
  { model: 'openai-community/gpt2', inputs: 'Can you please let us know more details about your' },
  { model: 'facebook/bart-large-mnli', inputs: 'Hi, I recently bought a device from your company', parameters: { candidate_labels: ['refund', 'legal', 'faq'] } },
];

async function query(model, body) {
  const response = await fetch(API_URL + model, {
    method: 'POST',
    headers: { Authorization: `Bearer ${HF_TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${model}: HTTP ${response.status}`);
  return response.json();
}

(async () => {
  if (!HF_TOKEN) {
    console.log('HF_TOKEN not set, skipping');
    return;
  }
  for (const { model, ...body } of checks) {
    const t0 = Date.now();
    const result = await query(model, body);
    console.log(model, `${Date.now() - t0}ms`, JSON.stringify(result).slice(0, 120));
  }
})();
