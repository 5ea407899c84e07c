/**
 * Families transformers.js 4.3.1 runs only through their model classes, never through a pipeline:
 * audio codecs (`encode` → audio_codes, `decode` → audio_values), time-series forecasters, the
 * decision transformer, ViTMatte and ViTPose. Facts were read from transformers.js 4.3.1
 * (`models/registry.js`, `models/<family>/`, `models/session_config.js`, `models/auto/modeling_auto.js`).
 *
 * The task each family is built for is the name a suite uses for it: the catalog lists
 * `feature-extraction` for the codecs, forecasters and the decision transformer (they sit in
 * AutoModel's mappings, MODEL_MAPPING_NAMES_AUTO_ENCODER / MODEL_MAPPING_NAMES_ENCODER_ONLY), but the
 * feature-extraction pipeline tokenizes text, so their harnesses load the classes themselves.
 * ViTMatte and ViTPose have no pipeline at all: they take the names of the only mappings that hold
 * them, MODEL_FOR_IMAGE_MATTING_MAPPING_NAMES (AutoModelForImageMatting) → `image-matting` and
 * MODEL_FOR_POSE_ESTIMATION_MAPPING_NAMES (AutoModelForPoseEstimation) → `pose-estimation`.
 * The Segment-Anything family likewise: SUPPORTED_TASKS has no mask-generation pipeline, so
 * MODEL_FOR_MASK_GENERATION_MAPPING_NAMES (AutoModelForMaskGeneration) → `mask-generation` runs as
 * processor + SamModel / Sam2Model (EdgeTamModel and Sam3TrackerModel extend Sam2Model).
 * MusicGen sits in MODEL_FOR_TEXT_TO_WAVEFORM_MAPPING_NAMES, but the text-to-audio pipeline runs
 * `this.model(inputs)` once and reads `waveform`, which MusicgenForConditionalGeneration does not
 * give: its audio comes only from generate() (→ audio_values), so `text-to-audio` runs as
 * AutoTokenizer + MusicgenForConditionalGeneration.generate().
 */

export type ModelClassKind = 'codec' | 'time-series' | 'decision-transformer' | 'matting' | 'pose' | 'mask-generation' | 'text-to-music';

export interface ModelClassFamily {
  kind: ModelClassKind;
  task: string;
  /** The class written to `config.architectures` (and the one the harness loads). */
  architecture: string;
  /** Every transformers.js 4.3.1 class of the family, and the mapping(s) that hold them (for the reasons). */
  classes: readonly string[];
  mappings: string;
}

const AUTO_ENCODER = 'MODEL_MAPPING_NAMES_AUTO_ENCODER (MODEL_TYPES.AutoEncoder) and the custom encoder/decoder mappings';
const FORECASTER = 'MODEL_MAPPING_NAMES_ENCODER_ONLY and MODEL_FOR_TIME_SERIES_PREDICTION_MAPPING_NAMES';

export const MODEL_CLASS_FAMILIES: Readonly<Record<string, ModelClassFamily>> = {
  // MODEL_TYPES.AutoEncoder: two sessions, onnx/encoder_model.onnx and onnx/decoder_model.onnx.
  dac: { kind: 'codec', task: 'feature-extraction', architecture: 'DacModel', classes: ['DacModel', 'DacEncoderModel', 'DacDecoderModel'], mappings: AUTO_ENCODER },
  mimi: { kind: 'codec', task: 'feature-extraction', architecture: 'MimiModel', classes: ['MimiModel', 'MimiEncoderModel', 'MimiDecoderModel'], mappings: AUTO_ENCODER },
  // EncoderOnly (onnx/model.onnx): past_values → prediction_outputs (MODEL_FOR_TIME_SERIES_PREDICTION_MAPPING_NAMES).
  // transformers.js has no AutoModel class for that mapping, so the harness loads the class config.architectures names.
  patchtst: { kind: 'time-series', task: 'feature-extraction', architecture: 'PatchTSTForPrediction', classes: ['PatchTSTModel', 'PatchTSTForPrediction'], mappings: FORECASTER },
  patchtsmixer: { kind: 'time-series', task: 'feature-extraction', architecture: 'PatchTSMixerForPrediction', classes: ['PatchTSMixerModel', 'PatchTSMixerForPrediction'], mappings: FORECASTER },
  decision_transformer: { kind: 'decision-transformer', task: 'feature-extraction', architecture: 'DecisionTransformerModel', classes: ['DecisionTransformerModel'], mappings: 'MODEL_MAPPING_NAMES_ENCODER_ONLY' },
  vitmatte: { kind: 'matting', task: 'image-matting', architecture: 'VitMatteForImageMatting', classes: ['VitMatteForImageMatting'], mappings: 'MODEL_FOR_IMAGE_MATTING_MAPPING_NAMES' },
  vitpose: { kind: 'pose', task: 'pose-estimation', architecture: 'VitPoseForPoseEstimation', classes: ['VitPoseForPoseEstimation'], mappings: 'MODEL_FOR_POSE_ESTIMATION_MAPPING_NAMES' },
  // MODEL_TYPES.MaskGeneration: onnx/vision_encoder.onnx + onnx/prompt_encoder_mask_decoder.onnx.
  ...Object.fromEntries(
    (
      [
        ['sam', 'SamModel'],
        ['sam2', 'Sam2Model'],
        ['edgetam', 'EdgeTamModel'],
        ['sam3_tracker', 'Sam3TrackerModel'],
      ] as const
    ).map(([type, cls]) => [type, { kind: 'mask-generation', task: 'mask-generation', architecture: cls, classes: [cls], mappings: 'MODEL_FOR_MASK_GENERATION_MAPPING_NAMES' }]),
  ),
  // MODEL_TYPES.Musicgen: onnx/text_encoder.onnx + onnx/decoder_model_merged.onnx + onnx/encodec_decode.onnx.
  musicgen: { kind: 'text-to-music', task: 'text-to-audio', architecture: 'MusicgenForConditionalGeneration', classes: ['MusicgenForConditionalGeneration'], mappings: 'MODEL_FOR_TEXT_TO_WAVEFORM_MAPPING_NAMES' },
};

/** Why a task other than the family's own cannot run it (transformers.js has only the family's own classes). */
function otherTaskReason(modelType: string, family: ModelClassFamily, task: string): string {
  const only = `transformers.js 4.3.1 has only ${family.classes.join(', ')} for ${modelType} (in ${family.mappings}) and no pipeline that feeds them`;
  const covers =
    family.task === 'feature-extraction'
      ? `they take ${INPUTS[family.kind]}, not text, so only ${family.task} through ${family.architecture} (loaded by the harness, not the text pipeline) covers it`
      : `only ${family.task} through ${family.architecture} covers it`;
  return `${modelType} (${task}): ${only}; ${covers}`;
}

const INPUTS: Record<ModelClassKind, string> = {
  codec: 'input_values (a waveform) or audio_codes',
  'time-series': 'past_values [batch, context_length, channels]',
  'decision-transformer': 'states, actions, returns_to_go and timesteps',
  matting: 'pixel_values of an image and its trimap',
  pose: 'pixel_values of a person crop',
  'mask-generation': 'pixel_values of an image and input_points / input_labels / input_boxes prompts',
  'text-to-music': 'tokenized text prompts and generates audio codes',
};

export type ModelClassArchitecture =
  | { supported: true; kind: ModelClassKind; modelType: string; task: string; architecture: string }
  | { supported: false; reason: string };

/** The tiny model-class architecture for `(modelType, task)`; undefined when modelType is not such a family. */
export function modelClassArchitectureFor(modelType: string, task: string): ModelClassArchitecture | undefined {
  const family = MODEL_CLASS_FAMILIES[modelType];
  if (!family) return undefined;
  // text-to-speech is the text-to-audio pipeline's other name (as the harness aliases it).
  if (task === 'text-to-speech') task = 'text-to-audio';
  if (task !== family.task) return { supported: false, reason: otherTaskReason(modelType, family, task) };
  return { supported: true, kind: family.kind, modelType, task, architecture: family.architecture };
}

export function isModelClassModelType(modelType: string): boolean {
  return Object.prototype.hasOwnProperty.call(MODEL_CLASS_FAMILIES, modelType);
}

/** Every (model_type, task) pair the model-class builders cover. */
export function modelClassCoverage(): Array<{ modelType: string; task: string; kind: ModelClassKind }> {
  return Object.entries(MODEL_CLASS_FAMILIES).map(([modelType, f]) => ({ modelType, task: f.task, kind: f.kind }));
}
