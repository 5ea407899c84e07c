import type { ModelFiles } from './cache';
import { IMAGE_SIZE, MEDIA_FAMILIES, type MediaKind } from './media-families';
import { buildSegmenterGraph, segmenterConfig } from './vision-heads';
import {
  buildImageFeatureGraph, buildMatteGraph, buildPanopticSegmentationGraph, buildSemanticSegmentationGraph, featureConfig, matteConfig,
  panopticConfig, semanticConfig, type FeatureLayout,
} from './vision-segmentation';

/**
 * The heads of vision families beyond the one their tiny family was first built for: segmentation
 * and background removal, and the bare backbones image-feature-extraction loads. Facts read from
 * transformers.js 4.3.1: both pipelines take [AutoModelForImageSegmentation, AutoModelForSemanticSegmentation,
 * AutoModelForUniversalSegmentation] and load the first that `supports(model_type)`
 * (pipelines.js); image-feature-extraction takes [AutoModelForImageFeatureExtraction, AutoModel],
 * so these families get their MODEL_MAPPING_NAMES_ENCODER_ONLY `<X>Model`. Each model uses its family's
 * `preprocessor_config.json` (the image processor decides the segmentation subtask).
 */

type Head =
  | { graph: 'panoptic' }
  | { graph: 'semantic' }
  | { graph: 'matte' }
  | { graph: 'maskformer' }
  | { graph: 'features'; layout: FeatureLayout; pixelMask: boolean };

interface HeadSpec {
  kind: MediaKind;
  architecture: string;
  head: Head;
}

const SEGMENTATION_TASKS = ['image-segmentation', 'background-removal'] as const;

/** The same head for image-segmentation and background-removal (BackgroundRemovalPipeline runs ImageSegmentationPipeline, then puts its first mask in the alpha channel). */
const segmentation = (architecture: string, head: Head): Record<string, HeadSpec> =>
  Object.fromEntries(SEGMENTATION_TASKS.map((task) => [task, { kind: 'segmenter' as const, architecture, head }]));

const features = (architecture: string, layout: FeatureLayout, pixelMask = false): HeadSpec => ({
  kind: 'vision',
  architecture,
  head: { graph: 'features', layout, pixelMask },
});

const VISION_HEADS: Readonly<Record<string, Readonly<Record<string, HeadSpec>>>> = {
  // AutoModelForImageSegmentation: DetrImageProcessor has post_process_panoptic_segmentation, so the pipeline runs panoptic.
  detr: { ...segmentation('DetrForSegmentation', { graph: 'panoptic' }), 'image-feature-extraction': features('DetrModel', 'queries', true) },
  // AutoModelForUniversalSegmentation (image-segmentation itself is the segmenter family's own task).
  maskformer: { 'background-removal': { kind: 'segmenter', architecture: 'MaskFormerForInstanceSegmentation', head: { graph: 'maskformer' } } },
  // AutoModelForSemanticSegmentation: SegformerImageProcessor has post_process_semantic_segmentation.
  segformer: segmentation('SegformerForSemanticSegmentation', { graph: 'semantic' }),
  // AutoModelForSemanticSegmentation; their processors (ViTImageProcessor, MobileNetV{1,2}ImageProcessor) have no post-processing.
  swin: segmentation('SwinForSemanticSegmentation', { graph: 'matte' }),
  mobilenet_v1: segmentation('MobileNetV1ForSemanticSegmentation', { graph: 'matte' }),
  mobilenet_v2: segmentation('MobileNetV2ForSemanticSegmentation', { graph: 'matte' }),
  // AutoModel backbones.
  'table-transformer': { 'image-feature-extraction': features('TableTransformerModel', 'queries', true) },
  yolos: { 'image-feature-extraction': features('YolosModel', 'detection-tokens') },
  dpt: { 'image-feature-extraction': features('DPTModel', 'tokens') },
  glpn: { 'image-feature-extraction': features('GLPNModel', 'stride-32') },
  swin2sr: { 'image-feature-extraction': features('Swin2SRModel', 'full-resolution') },
};

const CLIPSEG_SEGMENTATION =
  'the pipeline loads CLIPSegForImageSegmentation (AutoModelForImageSegmentation maps clipseg to it), but ImageSegmentationPipeline ' +
  'feeds the model only what this.processor(images) returns (pixel_values; transformers.js has no CLIPSeg processor, so ' +
  'AutoProcessor wraps the ViTImageProcessor alone) and never tokenizes a text prompt, while CLIPSegForImageSegmentation ' +
  'segments per text query and its export takes input_ids and attention_mask: the session throws "Missing the following inputs: ' +
  'input_ids, attention_mask". CLIPSeg runs only as tokenizer + processor + model called directly';

/** Pairs a catalog lists that transformers.js 4.3.1 cannot run, each with what is missing in its terms. */
const VISION_HEAD_REASONS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  clipseg: { 'image-segmentation': CLIPSEG_SEGMENTATION, 'background-removal': `${CLIPSEG_SEGMENTATION} (BackgroundRemovalPipeline runs ImageSegmentationPipeline first)` },
  'donut-swin': {
    'feature-extraction':
      'the feature-extraction pipeline loads DonutSwinModel (AutoModel, MODEL_MAPPING_NAMES_ENCODER_ONLY) and calls it with only ' +
      'this.tokenizer(texts) (input_ids, attention_mask), while DonutSwinModel is an image encoder taking pixel_values: the session throws ' +
      '"Missing the following inputs: pixel_values" (Donut checkpoints ship the tokenizer for the decoder of vision-encoder-decoder). ' +
      'The same model runs through image-feature-extraction, which tiny donut-swin covers',
  },
  groupvit: {
    'feature-extraction':
      'the feature-extraction pipeline loads GroupViTModel (AutoModel) and feeds it only this.tokenizer(texts), but GroupViTModel ' +
      'is a CLIP-style dual encoder whose one model.onnx also takes pixel_values (transformers.js has no GroupViTTextModel or text_model.onnx ' +
      'session for it): the session throws "Missing the following inputs: pixel_values". GroupViT runs through zero-shot-image-classification ' +
      '(AutoModel → GroupViTModel → logits_per_image), which tiny groupvit covers',
  },
  'mgp-str': {
    'feature-extraction':
      'the feature-extraction pipeline loads MgpstrForSceneTextRecognition (AutoModel maps mgp-str to it) and feeds it only ' +
      'this.tokenizer(texts), but the model reads pixel_values ("Missing the following inputs: pixel_values") and returns char_logits, ' +
      'bpe_logits and wp_logits, none of the last_hidden_state / logits / token_embeddings the pipeline reads. No 4.3.1 pipeline serves ' +
      'scene-text recognition: image-to-text loads AutoModelForVision2Seq (MODEL_FOR_VISION_2_SEQ_MAPPING_NAMES has no mgp-str), and ' +
      'image-feature-extraction would load the same class and return undefined for the same reason; it runs only as ' +
      'MgpstrProcessor (image + char/bpe/wordpiece decoding in batch_decode) + the model called directly',
  },
};

export type VisionHeadArchitecture =
  | { supported: true; kind: MediaKind; modelType: string; task: string; architecture: string }
  | { supported: false; reason: string };

/** The extra vision head for (modelType, task), or its exact reason; undefined when neither table has the pair. */
export function visionHeadArchitectureFor(modelType: string, task: string): VisionHeadArchitecture | undefined {
  const spec = VISION_HEADS[modelType]?.[task];
  if (spec) return { supported: true, kind: spec.kind, modelType, task, architecture: spec.architecture };
  const reason = VISION_HEAD_REASONS[modelType]?.[task];
  return reason ? { supported: false, reason: `${modelType} (${task}): transformers.js 4.3.1: ${reason}` } : undefined;
}

/** Every (model_type, task) pair the extra vision heads cover. */
export function visionHeadCoverage(): Array<{ modelType: string; task: string; kind: MediaKind }> {
  return Object.entries(VISION_HEADS).flatMap(([modelType, tasks]) => Object.entries(tasks).map(([task, spec]) => ({ modelType, task, kind: spec.kind })));
}

/** The files of an extra vision head's tiny model, or undefined when (modelType, task) is not one (pure: same arguments → same bytes). */
export function renderVisionHeadFiles(modelType: string, task: string, architecture: string, seed: string, layers: number): ModelFiles | undefined {
  const spec = VISION_HEADS[modelType]?.[task];
  const family = MEDIA_FAMILIES[modelType];
  if (!spec || !family) return undefined;
  if (!('preprocessor' in family)) throw new Error(`renderVisionHeadFiles: ${modelType} has no image preprocessor`);
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  const weightSeed = `${modelType}/${task}/${seed}`;
  const name = modelType.replace(/\W+/g, '_');
  const { head } = spec;
  let config: Record<string, unknown>;
  let graph: Uint8Array;
  switch (head.graph) {
    case 'panoptic':
      [config, graph] = [panopticConfig(modelType, architecture, layers), buildPanopticSegmentationGraph(name, weightSeed, layers)];
      break;
    case 'semantic':
      [config, graph] = [semanticConfig(modelType, architecture, layers), buildSemanticSegmentationGraph(name, weightSeed, layers)];
      break;
    case 'matte':
      [config, graph] = [matteConfig(modelType, architecture, layers), buildMatteGraph(name, weightSeed, layers)];
      break;
    case 'maskformer':
      if (family.kind !== 'segmenter') throw new Error(`renderVisionHeadFiles: ${modelType} is not a mask-classification family`);
      [config, graph] = [segmenterConfig(modelType, architecture, layers), buildSegmenterGraph(family, weightSeed, layers)];
      break;
    case 'features':
      [config, graph] = [featureConfig(modelType, architecture, head.layout, layers), buildImageFeatureGraph(name, head.layout, head.pixelMask, weightSeed, layers)];
      break;
  }
  return new Map<string, string | Uint8Array>([
    ['config.json', json({ ...config, image_size: IMAGE_SIZE })],
    ['preprocessor_config.json', json(family.preprocessor)],
    ['onnx/model.onnx', graph],
  ]);
}
