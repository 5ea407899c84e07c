import { assertArray, assertObject, assertProbability, assertSortedScores, assertString, fail, InvalidInputError, preview } from './assert';
import { badImage, checkDetectionBox, sizedImageCalls, syntheticImage, validateImage, validateThreshold } from './media';
import type { Call, HarnessContext, TaskHarness } from './types';

/**
 * zero-shot-object-detection for Grounding DINO. transformers.js 4.3.1's ZeroShotObjectDetectionPipeline
 * tokenizes `candidate_labels` as a batch of texts and runs each image alone, so several labels would be
 * a text batch of N against an image batch of 1: the model's image-text fusion needs the batches to agree
 * (the tiny model's Concat throws "Non concat axis dimensions must match"), and logits of batch N would
 * meet one target size, which post_process_grounded_object_detection rejects ("Make sure that you pass in
 * as many target sizes as the batch dimension of the logits"). So the labels go in as one caption,
 * "a cat. a remote control.", as Grounding DINO's model card writes them. The pipeline uses `threshold`
 * as both box_threshold (a query's best token score) and text_threshold (the tokens its label is
 * decoded from), so every label is the decode of caption tokens, in their order.
 */

/** Grounding DINO's usual box/text threshold (its model card uses 0.4 / 0.3). */
const THRESHOLD = 0.3;

/** Candidate labels as Grounding DINO's one caption: lower-cased phrases, each ending with a period. */
export function groundingCaption(labels: string[]): string {
  return labels.map((l) => `${l.trim().toLowerCase().replace(/\.+$/, '')}.`).join(' ');
}

/**
 * Is `label` the decode of some of `tokens` (the caption's WordPiece tokens, specials excluded), in
 * order? Spaces are ignored: the WordPiece decoder adds them between words and its cleanup removes
 * them before punctuation. A piece continuing a word (`##…`) loses its prefix unless it comes first.
 */
export function isDecodedFrom(label: string, tokens: string[]): boolean {
  const target = label.replace(/\s+/g, '');
  if (target === '') return false;
  let reached = new Set([0]);
  for (const token of tokens) {
    const next = new Set(reached);
    for (const at of reached) {
      const piece = (at === 0 ? token : token.replace(/^##/, '')).replace(/\s+/g, '');
      if (piece && target.startsWith(piece, at)) next.add(at + piece.length);
    }
    reached = next;
  }
  return reached.has(target.length);
}

interface Detection {
  score: number;
  label: string;
  box: Record<string, number>;
}

const detect = (ctx: HarnessContext, image: unknown, caption: string, options: Record<string, unknown>) =>
  (ctx.pipe as unknown as (i: unknown, l: unknown, o: unknown) => Promise<Detection[]>)(image, [caption], options);

/** Every query (threshold 0 keeps them all) as its score and fractional box: what the model itself predicts. */
async function predictions(ctx: HarnessContext, image: unknown, caption: string): Promise<Detection[]> {
  return detect(ctx, image, caption, { threshold: 0, percentage: true });
}

const sameBoxes = (a: Detection[], b: Detection[]) => JSON.stringify(a.map((d) => d.box)) === JSON.stringify(b.map((d) => d.box));

export const groundingDinoZeroShotObjectDetection: TaskHarness = {
  task: 'zero-shot-object-detection',
  invoke: (pipe, call) =>
    (pipe as unknown as (i: unknown, l: unknown, o: unknown) => Promise<unknown>)(call.input, call.options!.candidate_labels, {
      threshold: call.options!.threshold,
      percentage: call.options!.percentage,
    }),
  calls(ctx) {
    // The legacy labels (or its one caption) as they are: no default is mixed into a caption of its own.
    const legacy = ctx.spec.inputs.candidateLabels.slice(0, 5);
    const caption = groundingCaption(legacy.length ? legacy : ['a cat', 'a remote control']);
    const options = { candidate_labels: [caption], threshold: THRESHOLD };
    const [first, ...rest] = sizedImageCalls(ctx, [[64, 48], [48, 64]], options);
    return [first!, ...rest, { ...first!, label: `${first!.label}, boxes as fractions`, options: { ...options, percentage: true } }];
  },
  validate(call) {
    validateImage(call);
    validateThreshold(call);
    const labels = call.options?.candidate_labels;
    if (!Array.isArray(labels) || labels.length !== 1 || typeof labels[0] !== 'string' || labels[0].trim() === '') {
      throw new InvalidInputError(
        `${call.label}: Grounding DINO takes its candidate labels as one caption ("a cat. a remote control."): transformers.js 4.3.1 ` +
          `tokenizes each label string as its own text against the one image; got ${preview(labels)}`,
      );
    }
  },
  check(output, call, ctx) {
    const caption = (call.options!.candidate_labels as string[])[0]!;
    const threshold = call.options!.threshold as number;
    const fractions = call.options!.percentage === true;
    const image = call.input as { width: number; height: number };
    const [width, height] = fractions ? [1, 1] : [image.width, image.height];
    const tokens = ctx.pipe.tokenizer.tokenize(caption) as string[];
    assertArray(output, 'detections', ctx.realCheckpoint ? 0 : 1);
    output.forEach((d, i) => {
      assertObject(d, `detection ${i}`);
      assertProbability(d.score, `detection ${i}.score`);
      // The pipeline keeps a query only when its best token's score is above box_threshold.
      if ((d.score as number) <= threshold) fail(`detection ${i}.score ${d.score} is not above the threshold ${threshold}`);
      assertString(d.label, `detection ${i}.label`);
      if (!isDecodedFrom(d.label, tokens)) fail(`detection ${i}.label ${preview(d.label)} is not made of the caption's words ${preview(caption)} (tokens ${preview(tokens, 120)})`);
      // The tiny box head keeps whole boxes inside the image; a real checkpoint's may spill over an edge.
      checkDetectionBox(d.box, `detection ${i}.box`, width, height, { fractions, contained: !ctx.realCheckpoint });
    });
    assertSortedScores(output.map((d) => (d as { score: number }).score), 'detection scores');
  },
  badInputs: () => [
    badImage(),
    {
      name: 'labels as separate strings',
      call: { label: 'two label strings', input: syntheticImage(32, 32), options: { candidate_labels: ['a cat', 'a dog'], threshold: THRESHOLD } },
      error: /takes its candidate labels as one caption/,
    },
    { name: 'empty caption', call: { label: 'empty caption', input: syntheticImage(32, 32), options: { candidate_labels: ['  '], threshold: THRESHOLD } }, error: /as one caption/ },
    {
      name: 'threshold above 1',
      call: { label: 'threshold above 1', input: syntheticImage(32, 32), options: { candidate_labels: ['a cat.'], threshold: 1.5 } },
      error: /threshold must be a number within \[0, 1\]/,
    },
  ],
  extraTests: [
    {
      name: 'the image steers the detections',
      async run(ctx) {
        const caption = groundingCaption(['a cat', 'a remote control']);
        const [a, b] = [await predictions(ctx, syntheticImage(64, 48, 1), caption), await predictions(ctx, syntheticImage(64, 48, 5), caption)];
        if (sameBoxes(a, b) && JSON.stringify(a.map((d) => d.score)) === JSON.stringify(b.map((d) => d.score))) {
          fail('two different images with the same caption gave the same scores and boxes; the detector ignores the image');
        }
      },
    },
    {
      name: 'the caption steers the detections',
      async run(ctx) {
        const image = syntheticImage(64, 48, 3);
        const [a, b] = [await predictions(ctx, image, groundingCaption(['a cat', 'a remote control'])), await predictions(ctx, image, groundingCaption(['a dog', 'a book']))];
        // Labels differ with any caption; the boxes differ only if the text reaches the decoder's queries.
        if (sameBoxes(a, b)) fail('two different captions gave the same boxes for the same image; the detector ignores the text');
        const call: Call = { label: 'caption "a dog. a book."', input: image, options: { candidate_labels: ['a dog. a book.'], threshold: THRESHOLD } };
        const kept = await detect(ctx, image, 'a dog. a book.', { threshold: THRESHOLD });
        await groundingDinoZeroShotObjectDetection.check(kept, call, ctx);
      },
    },
  ],
};
