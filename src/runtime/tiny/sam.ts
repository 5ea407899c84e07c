import { layerNorm, linear, MEDIA_HIDDEN, mixingLayers } from './media-layers';
import { OnnxGraphBuilder } from './onnx';
import { TensorDataType } from './proto';
import { SeededRandom } from './random';

/**
 * Tiny Segment-Anything models in the layout transformers.js 4.3.1's MaskGeneration classes load
 * (models/session_config.js: sessions `model` → onnx/vision_encoder.onnx and
 * `prompt_encoder_mask_decoder` → onnx/prompt_encoder_mask_decoder.onnx):
 *
 * - SamModel (sam): get_image_embeddings runs vision_encoder on pixel_values [B, 3, S, S] →
 *   image_embeddings and image_positional_embeddings [B, C, g, g]; forward feeds both, plus
 *   input_points [B, P, N, 2] and input_labels [B, P, N] (int64; `ones` when absent), to the decoder
 *   → iou_scores [B, P, 3] and pred_masks [B, P, 3, 4g, 4g].
 * - Sam2Model and its subclasses EdgeTamModel, Sam3TrackerModel: vision_encoder gives
 *   `image_embeddings.0..{num_feature_levels-1}` (config.vision_config.num_feature_levels), high-res
 *   first ([B, 32, 256, 256], [B, 64, 128, 128], [B, 256, 64, 64] at 1024 px); forward picks the
 *   decoder's inputNames from them and input_points, input_labels and input_boxes [B, boxes, 4] (an
 *   empty [B, 0, 4] with points) → iou_scores, pred_masks and object_score_logits [B, P, 1]. The decoder
 *   has no positional-embedding input: it holds its own.
 *
 * The tiny decoder keeps what makes the real one a promptable segmenter: points are encoded with
 * random Fourier features of their position (SAM's PositionEmbeddingRandom) plus a label embedding
 * (padding label -10 contributes nothing), three mask tokens read them, and each mask is the dot
 * product of a token's hypernetwork vector with upscaled image features, so masks depend on the image
 * and on where the prompt is. Every value stays within one batch item.
 */

export type SamType = 'sam' | 'sam2' | 'edgetam' | 'sam3_tracker';
const isSam2Style = (type: SamType) => type !== 'sam';

/** Input side (1024 in the real models), patch size and the embedding grid side g. */
export const SAM_IMAGE_SIZE = 64;
const SAM_PATCH = 8;
const GRID = SAM_IMAGE_SIZE / SAM_PATCH;
/** Low-res mask side: 4 × the embedding grid (256 for a 64-grid in the real models). */
export const SAM_MASK_SIZE = 4 * GRID;
/** SAM's multimask output: three masks per prompt (num_multimask_outputs). */
export const SAM_MASKS_PER_PROMPT = 3;
/** Channels of the sam2-style feature levels, high-res first (32, 64, 256 in the real models). */
const LEVEL_CHANNELS = [MEDIA_HIDDEN / 4, MEDIA_HIDDEN / 2, MEDIA_HIDDEN] as const;
/** Channels of the upscaled features the mask tokens are dotted with (transformer_dim / 8 in SAM). */
const MASK_CHANNELS = MEDIA_HIDDEN / 4;

const IMAGENET = { image_mean: [0.485, 0.456, 0.406], image_std: [0.229, 0.224, 0.225] };

/**
 * preprocessor_config.json. SAM (SamImageProcessor): resize the longest edge to S, pad to S × S;
 * post_process_masks upsamples to pad_size, crops the padding, resizes to the original size.
 * SAM 2 / EdgeTAM (Sam2ImageProcessorFast, Sam2Processor): resize to S × S without padding, so
 * `pad_size ?? size` is S × S there too. SAM 3's tracker reads facebook/sam3's
 * Sam3ImageProcessorFast (mean/std 0.5) with the Python Sam3TrackerProcessor: transformers.js has
 * Sam3ImageProcessor (= Sam2ImageProcessor = SamImageProcessor) but no Sam3TrackerProcessor, so
 * AutoProcessor builds a plain Processor around the image processor (which holds post_process_masks).
 */
export function samPreprocessor(type: SamType): Record<string, unknown> {
  const common = { do_resize: true, resample: 2, do_rescale: true, rescale_factor: 1 / 255, do_normalize: true, ...IMAGENET, do_convert_rgb: true };
  if (type === 'sam') {
    return { image_processor_type: 'SamImageProcessor', processor_class: 'SamProcessor', ...common, size: { longest_edge: SAM_IMAGE_SIZE }, do_pad: true, pad_size: { height: SAM_IMAGE_SIZE, width: SAM_IMAGE_SIZE } };
  }
  const square = { size: { height: SAM_IMAGE_SIZE, width: SAM_IMAGE_SIZE }, mask_size: { height: SAM_MASK_SIZE, width: SAM_MASK_SIZE } };
  if (type === 'sam3_tracker') {
    return { image_processor_type: 'Sam3ImageProcessorFast', processor_class: 'Sam3TrackerProcessor', ...common, image_mean: [0.5, 0.5, 0.5], image_std: [0.5, 0.5, 0.5], ...square };
  }
  return { image_processor_type: 'Sam2ImageProcessorFast', processor_class: 'Sam2Processor', ...common, ...square };
}

export function samConfig(type: SamType, architecture: string, layers: number): Record<string, unknown> {
  const promptEncoder = { hidden_size: MEDIA_HIDDEN, image_size: SAM_IMAGE_SIZE, patch_size: SAM_PATCH };
  const maskDecoder = { hidden_size: MEDIA_HIDDEN, num_multimask_outputs: SAM_MASKS_PER_PROMPT };
  const vision = isSam2Style(type)
    ? {
        // Sam2Model.forward names its embedding inputs after this count.
        num_feature_levels: LEVEL_CHANNELS.length,
        backbone_feature_sizes: [4, 2, 1].map((f) => [f * GRID, f * GRID]),
        fpn_hidden_size: MEDIA_HIDDEN,
        image_size: SAM_IMAGE_SIZE,
        num_hidden_layers: layers,
      }
    : { hidden_size: MEDIA_HIDDEN, output_channels: MEDIA_HIDDEN, image_size: SAM_IMAGE_SIZE, patch_size: SAM_PATCH, num_hidden_layers: layers };
  return { architectures: [architecture], model_type: type, vision_config: vision, prompt_encoder_config: promptEncoder, mask_decoder_config: maskDecoder };
}

// ---- shared positional encoding -------------------------------------------------------------

/** SAM's PositionEmbeddingRandom matrix [2, C/2]: one per model, shared by the image grid and the prompts. */
function fourierMatrix(seed: string): Float32Array {
  const values = new Float32Array(2 * (MEDIA_HIDDEN / 2));
  new SeededRandom(`${seed}/positional_embedding`).fillUnitVariance(values, 1);
  return values;
}

/** sin/cos(2π · (2c − 1) · G) of normalised coordinates c in [0, 1]. */
function fourier(c: [number, number], matrix: Float32Array): number[] {
  const half = MEDIA_HIDDEN / 2;
  const angles = Array.from({ length: half }, (_, k) => 2 * Math.PI * ((2 * c[0] - 1) * matrix[k]! + (2 * c[1] - 1) * matrix[half + k]!));
  return [...angles.map(Math.sin), ...angles.map(Math.cos)];
}

/** The dense positional embedding of the g × g grid, [1, C, g, g] (pixel centres, x then y). */
function gridPositionalEmbedding(matrix: Float32Array): Float32Array {
  const out = new Float32Array(MEDIA_HIDDEN * GRID * GRID);
  for (let y = 0; y < GRID; y++) {
    for (let x = 0; x < GRID; x++) {
      fourier([(x + 0.5) / GRID, (y + 0.5) / GRID], matrix).forEach((v, c) => (out[c * GRID * GRID + y * GRID + x] = v));
    }
  }
  return out;
}

/** In-graph Fourier features of pixel coordinates [..., 2] (input-image pixels) → [..., C]. */
function encodeCoordinates(g: OnnxGraphBuilder, coords: string, matrix: string): string {
  // SAM shifts to pixel centres (+0.5) and normalises by the input size before the projection.
  const unit = g.node('Div', [g.node('Add', [coords, g.scalar(0.5)]), g.scalar(SAM_IMAGE_SIZE)]);
  const centred = g.node('Sub', [g.node('Mul', [unit, g.scalar(2)]), g.scalar(1)]);
  const angles = g.node('Mul', [g.node('MatMul', [centred, matrix]), g.scalar(2 * Math.PI)]);
  return g.node('Concat', [g.node('Sin', [angles]), g.node('Cos', [angles])], { axis: -1 });
}

const batchOf = (g: OnnxGraphBuilder, x: string) => g.node('Gather', [g.node('Shape', [x]), g.ints([0])], { axis: 0 });

function conv(g: OnnxGraphBuilder, x: string, name: string, inputs: number, outputs: number, kernel: number, stride = kernel): string {
  const weight = g.randomWeight(`${name}.weight`, [outputs, inputs, kernel, kernel], 1 / Math.sqrt(inputs * kernel * kernel));
  return g.node('Conv', [x, weight, g.randomWeight(`${name}.bias`, [outputs], 0.1)], { kernel_shape: [kernel, kernel], strides: [stride, stride] });
}

/** A 2× upscaling ConvTranspose (kernel 2, stride 2), as SAM's output_upscaling. */
function upscale(g: OnnxGraphBuilder, x: string, name: string, inputs: number, outputs: number): string {
  const weight = g.randomWeight(`${name}.weight`, [inputs, outputs, 2, 2], 1 / Math.sqrt(inputs));
  return g.node('ConvTranspose', [x, weight, g.randomWeight(`${name}.bias`, [outputs], 0.1)], { kernel_shape: [2, 2], strides: [2, 2] });
}

/** [B, C, g, g] → tokens [B, g², C] → `layers` mixing layers → back to [B, C, g, g]. */
function mixGrid(g: OnnxGraphBuilder, grid: string, layers: number): string {
  const tokens = g.node('Transpose', [g.node('Reshape', [grid, g.ints([0, MEDIA_HIDDEN, -1])])], { perm: [0, 2, 1] });
  const mixed = mixingLayers(g, tokens, 'vision_encoder', layers);
  return g.node('Reshape', [g.node('Transpose', [mixed], { perm: [0, 2, 1] }), g.ints([0, MEDIA_HIDDEN, GRID, GRID])]);
}

// ---- vision_encoder.onnx ------------------------------------------------------------------------

export function buildSamVisionEncoder(type: SamType, seed: string, layers: number): Uint8Array {
  const g = new OnnxGraphBuilder('vision_encoder', `${seed}/vision_encoder`);
  const pixels = g.input('pixel_values', 'float32', ['batch_size', 3, SAM_IMAGE_SIZE, SAM_IMAGE_SIZE]);
  const embedDims = (level: number) => ['batch_size', LEVEL_CHANNELS[level]!, GRID * 2 ** (2 - level), GRID * 2 ** (2 - level)];
  if (!isSam2Style(type)) {
    const embeddings = mixGrid(g, conv(g, pixels, 'patch_embed', 3, MEDIA_HIDDEN, SAM_PATCH), layers);
    g.output('image_embeddings', 'float32', embedDims(2), embeddings);
    // The positional embedding depends on the grid only; transformers.js passes it on to the decoder.
    const pe = g.floatTensor('positional_embedding', [1, MEDIA_HIDDEN, GRID, GRID], gridPositionalEmbedding(fourierMatrix(seed)));
    const shape = g.node('Concat', [batchOf(g, pixels), g.ints([MEDIA_HIDDEN, GRID, GRID])], { axis: 0 });
    g.output('image_positional_embeddings', 'float32', embedDims(2), g.node('Expand', [pe, shape]));
    return g.toBytes();
  }
  // A Hiera-like pyramid: stride 2 to the 4g level, then two stride-2 stages down to g.
  const level0 = g.node('Tanh', [conv(g, pixels, 'stage0', 3, LEVEL_CHANNELS[0], 2)]);
  const level1 = g.node('Tanh', [conv(g, level0, 'stage1', LEVEL_CHANNELS[0], LEVEL_CHANNELS[1], 2)]);
  const level2 = mixGrid(g, conv(g, level1, 'stage2', LEVEL_CHANNELS[1], LEVEL_CHANNELS[2], 2), layers);
  [level0, level1, level2].forEach((level, i) => g.output(`image_embeddings.${i}`, 'float32', embedDims(i), level));
  return g.toBytes();
}

// ---- prompt_encoder_mask_decoder.onnx -----------------------------------------------------------

export function buildSamPromptDecoder(type: SamType, seed: string): Uint8Array {
  const g = new OnnxGraphBuilder('prompt_encoder_mask_decoder', `${seed}/prompt_encoder_mask_decoder`);
  const C = MEDIA_HIDDEN;
  const levelDims = (level: number) => ['batch_size', LEVEL_CHANNELS[level]!, GRID * 2 ** (2 - level), GRID * 2 ** (2 - level)];
  const points = g.input('input_points', 'float32', ['batch_size', 'point_batch_size', 'num_points', 2]);
  const labels = g.input('input_labels', 'int64', ['batch_size', 'point_batch_size', 'num_points']);
  let embeddings: string;
  let positional: string;
  let boxes: string | undefined;
  let levels: string[] = [];
  if (isSam2Style(type)) {
    boxes = g.input('input_boxes', 'float32', ['batch_size', 'num_boxes', 4]);
    levels = [0, 1, 2].map((i) => g.input(`image_embeddings.${i}`, 'float32', levelDims(i)));
    embeddings = levels[2]!;
    positional = g.floatTensor('positional_embedding', [1, C, GRID, GRID], gridPositionalEmbedding(fourierMatrix(seed)));
  } else {
    embeddings = g.input('image_embeddings', 'float32', levelDims(2));
    positional = g.input('image_positional_embeddings', 'float32', levelDims(2));
  }
  const matrix = g.floatTensor('fourier_matrix', [2, C / 2], fourierMatrix(seed));

  // Prompt encoder: a point is its position's features plus its label's embedding; padding (-10) is dropped.
  const label = g.node('Cast', [labels], { to: TensorDataType.float32 });
  const isPoint = g.node('Unsqueeze', [g.node('Cast', [g.node('Greater', [label, g.scalar(-2)])], { to: TensorDataType.float32 }), g.ints([-1])]);
  const labelEmbedding = g.node('Add', [g.node('Mul', [g.node('Unsqueeze', [label, g.ints([-1])]), g.randomWeight('point_label.weight', [C], 1)]), g.randomWeight('point_label.bias', [C], 1)]);
  const pointTokens = g.node('Mul', [g.node('Add', [encodeCoordinates(g, points, matrix), labelEmbedding]), isPoint]);
  let sparse = g.node('ReduceSum', [pointTokens, g.ints([2])], { keepdims: 0 }); // [B, P, C]
  if (boxes) {
    // A box is its two corners, each with its own corner embedding; SAM 2 adds them to every prompt of the image.
    const corners = g.node('Reshape', [boxes, g.ints([0, 0, 2, 2])]);
    const cornerTokens = g.node('Add', [encodeCoordinates(g, corners, matrix), g.randomWeight('box_corner.weight', [2, C], 1)]);
    const boxSum = g.node('ReduceSum', [cornerTokens, g.ints([1, 2])], { keepdims: 0 }); // [B, C]; zeros without boxes
    sparse = g.node('Add', [sparse, g.node('Unsqueeze', [boxSum, g.ints([1])])]);
  }

  // Mask decoder: three mask tokens read the prompt and the pooled image.
  const pooled = g.node('ReduceMean', [embeddings], { axes: [2, 3], keepdims: 0 }); // [B, C]
  const context = g.node('Add', [sparse, g.node('Unsqueeze', [pooled, g.ints([1])])]); // [B, P, C]
  const maskTokens = g.randomWeight('mask_tokens', [SAM_MASKS_PER_PROMPT, C], 1);
  let tokens = layerNorm(g, g.node('Add', [g.node('Unsqueeze', [context, g.ints([2])]), maskTokens])); // [B, P, 3, C]
  tokens = layerNorm(g, g.node('Add', [tokens, g.node('Tanh', [linear(g, tokens, 'token_mlp', C, C)])]));

  // Image side: embeddings plus position, upscaled 4× (SAM 2 adds its high-res levels on the way up).
  let dense = g.node('Add', [embeddings, positional]);
  dense = upscale(g, dense, 'upscale1', C, C / 2);
  if (levels.length) dense = g.node('Add', [dense, conv(g, levels[1]!, 'high_res1', LEVEL_CHANNELS[1], C / 2, 1)]);
  dense = upscale(g, g.node('Tanh', [dense]), 'upscale2', C / 2, MASK_CHANNELS);
  if (levels.length) dense = g.node('Add', [dense, conv(g, levels[0]!, 'high_res0', LEVEL_CHANNELS[0], MASK_CHANNELS, 1)]);
  dense = g.node('Tanh', [dense]); // [B, Cm, 4g, 4g]

  const hyper = linear(g, tokens, 'hypernetwork', C, MASK_CHANNELS); // [B, P, 3, Cm]
  const flat = g.node('Reshape', [dense, g.ints([0, 1, MASK_CHANNELS, -1])]); // [B, 1, Cm, (4g)²]
  const masks = g.node('Reshape', [g.node('MatMul', [hyper, flat]), g.ints([0, 0, 0, SAM_MASK_SIZE, SAM_MASK_SIZE])]);
  const iou = g.node('Squeeze', [linear(g, tokens, 'iou_head', C, 1), g.ints([3])]);
  const promptDims = ['batch_size', 'point_batch_size'];
  g.output('iou_scores', 'float32', [...promptDims, SAM_MASKS_PER_PROMPT], iou);
  g.output('pred_masks', 'float32', [...promptDims, SAM_MASKS_PER_PROMPT, SAM_MASK_SIZE, SAM_MASK_SIZE], masks);
  if (isSam2Style(type)) g.output('object_score_logits', 'float32', [...promptDims, 1], linear(g, context, 'object_score', C, 1));
  return g.toBytes();
}
