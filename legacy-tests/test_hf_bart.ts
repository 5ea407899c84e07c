import { pipeline, SummarizationPipeline, SummarizationOutput } from '@huggingface/transformers';

const MODEL_ID = 'Xenova/distilbart-cnn-6-6';

const ARTICLE: string =
  'The tower is 324 metres (1,063 ft) tall, about the same height as an 81-storey building, ' +
  'and the tallest structure in Paris. Its base is square, measuring 125 metres (410 ft) on each side. ' +
  'During its construction, the Eiffel Tower surpassed the Washington Monument to become the tallest ' +
  'man-made structure in the world.';

const summarize = async (text: string, maxTokens = 60): Promise<string> => {
  const summarizer = await pipeline('summarization', MODEL_ID) as SummarizationPipeline;
  const out = await summarizer(text, { max_new_tokens: maxTokens }) as SummarizationOutput;
  return out[0].summary_text;
};

summarize(ARTICLE).then((summary: string) => {
  console.log(summary);
  console.assert(summary.length < ARTICLE.length, 'summary must be shorter than the article');
});
