import { assertArray, assertObject, fail, preview } from './assert';
import { vlmHarness, type VlmAdapter, type VlmInput } from './vlm';

/**
 * Florence-2: `processor(image, prompt)` (images first), where a task token such as `<CAPTION>`
 * becomes its prompt through the processor's task tables; generate runs the encoder once over
 * [image features ; prompt] and decodes from `</s>`; `post_process_generation(text, task, [width, height])`
 * turns the decoded text into `{ [task]: answer }` by the task's answer type.
 */
export const FLORENCE2_ADAPTER: VlmAdapter = {
  decoderOnly: false,
  prompts: ['<CAPTION>', '<OD>'],
  async inputs(processor, { image, prompt }) {
    return processor(image, prompt);
  },
  answer(processor, newIds, { image, prompt }) {
    const text = processor.batch_decode(newIds, { skip_special_tokens: false })[0];
    return processor.post_process_generation(text, prompt, [image.width, image.height]);
  },
  check(output, input) {
    checkFlorence2Answer(output, input);
  },
};

/** `{ [task]: answer }`: text for pure_text tasks, `{ labels, bboxes }` (one label per box, boxes in the image) for box tasks. */
function checkFlorence2Answer(output: unknown, { image, prompt }: VlmInput): void {
  assertObject(output, 'Florence-2 answer');
  const keys = Object.keys(output);
  if (keys.length !== 1 || keys[0] !== prompt) fail(`the answer must be keyed by the task ${preview(prompt)} alone, got keys ${preview(keys)}`);
  const answer = output[prompt];
  if (typeof answer === 'string') return;
  assertObject(answer, `${prompt} answer`);
  const boxesKey = 'quad_boxes' in answer ? 'quad_boxes' : 'bboxes';
  const { labels } = answer;
  const boxes = answer[boxesKey];
  assertArray(labels, `${prompt} labels`);
  assertArray(boxes, `${prompt} ${boxesKey}`);
  if (labels.length !== boxes.length) fail(`${prompt}: ${labels.length} labels for ${boxes.length} boxes`);
  boxes.forEach((box, i) => {
    const coords = box as unknown[];
    if (!Array.isArray(coords) || coords.length !== (boxesKey === 'bboxes' ? 4 : 8)) fail(`${prompt} box ${i} is not ${boxesKey === 'bboxes' ? 4 : 8} coordinates: ${preview(box)}`);
    coords.forEach((c, j) => {
      const limit = j % 2 === 0 ? image.width : image.height;
      if (typeof c !== 'number' || !(c >= 0 && c <= limit)) fail(`${prompt} box ${i} coordinate ${j} = ${preview(c)} lies outside the ${image.width}x${image.height} image`);
    });
  });
}

export const florence2ImageTextToText = vlmHarness(FLORENCE2_ADAPTER);
