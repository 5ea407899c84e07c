import { BERT_SPECIALS, robertaBpe, type TokenizerStyle } from './tokenizer';

/**
 * Tiny vision, audio and CLIP-style families: which transformers.js class each (model_type, task)
 * loads, which ONNX file and input/output names that class uses, and which preprocessor class
 * the pipeline builds from `preprocessor_config.json`. Facts were read from transformers.js 4.3.1
 * (`models/registry.js` mappings, `pipelines/*.js`, `modeling_<family>.js`, the image processor
 * and feature extractor classes).
 */

export type MediaKind = 'vision' | 'audio' | 'dual-encoder' | 'detector' | 'grounded-detector' | 'depth' | 'segmenter' | 'upscaler' | 'audio-text' | 'text-to-audio';

export const VISION_TASKS = ['image-classification', 'image-feature-extraction'] as const;
export type VisionTask = (typeof VISION_TASKS)[number];
export const AUDIO_TASKS = ['automatic-speech-recognition', 'audio-classification'] as const;
export type AudioTask = (typeof AUDIO_TASKS)[number];
export const DUAL_ENCODER_TASKS = ['zero-shot-image-classification', 'image-feature-extraction', 'zero-shot-object-detection'] as const;
export type DualEncoderTask = (typeof DUAL_ENCODER_TASKS)[number];
export const DETECTOR_TASKS = ['object-detection'] as const;
export const DEPTH_TASKS = ['depth-estimation'] as const;
export const SEGMENTER_TASKS = ['image-segmentation'] as const;
export const UPSCALER_TASKS = ['image-to-image'] as const;
export const AUDIO_TEXT_TASKS = ['zero-shot-audio-classification'] as const;
export const TEXT_TO_AUDIO_TASKS = ['text-to-audio'] as const;
const CLIP_STYLE_TASKS: readonly DualEncoderTask[] = ['zero-shot-image-classification', 'image-feature-extraction'];

/** Every tiny image is resized/cropped to this square, so positional tables have a fixed size. */
export const IMAGE_SIZE = 32;
export const PATCH_SIZE = 8;

export interface VisionFamily {
  kind: 'vision';
  /** Class-name prefix: `ViT` → `ViTForImageClassification` / `ViTModel`. */
  classPrefix: string;
  /**
   * `tokens`: ViT-like, last_hidden_state [batch, patches(+1), hidden];
   * `grid`: CNN-like, last_hidden_state [batch, hidden, h, w].
   */
  layout: 'tokens' | 'grid';
  /** ViT/DeiT/BEiT/DINOv2 prepend a [CLS] token; Swin, I-JEPA and Hiera do not. */
  clsToken: boolean;
  /** The whole `preprocessor_config.json` (sizes end at IMAGE_SIZE). */
  preprocessor: Record<string, unknown>;
  tasks: readonly VisionTask[];
  /** Register tokens between [CLS] and the patches (DINOv3 ViT: 4; written to `num_register_tokens`). */
  registers?: number;
  /** DINOv3 ConvNeXt's last_hidden_state starts with the pooled vector, then the flattened feature map. */
  pooledFirst?: boolean;
  /**
   * ViT-MAE's base model returns `mask` [batch, patches] and `ids_restore` [batch, patches] beside
   * last_hidden_state, and has no pooler.
   */
  maeOutputs?: boolean;
}

export interface AudioFamily {
  kind: 'audio';
  classPrefix: string;
  /**
   * `waveform`: Wav2Vec2FeatureExtractor `input_values` [batch, samples]; `spectrogram`: AST's [batch, frames, mel bins];
   * `features`: log-mel `input_features` [batch, frames, features] + `attention_mask` from `featureExtractor`.
   */
  input: 'waveform' | 'spectrogram' | 'features';
  /** The feature extractor of `features` families: SeamlessM4T's (W2V-BERT) or Parakeet's (FastConformer). */
  featureExtractor?: 'SeamlessM4TFeatureExtractor' | 'ParakeetFeatureExtractor';
  tasks: readonly AudioTask[];
  /** Class for audio-classification when it is not `<prefix>ForSequenceClassification`. */
  classificationClass?: string;
}

export interface DualEncoderFamily {
  kind: 'dual-encoder';
  classPrefix: string;
  tokenizer: TokenizerStyle;
  /** Longest tokenized label text (`model_max_length`; SigLIP pads every text to it). */
  textMaxLength: number;
  /** CLIP exports take `attention_mask`; SigLIP's take `input_ids` only. */
  attentionMask: boolean;
  /** Chinese-CLIP's BERT text tower also takes `token_type_ids`. */
  tokenTypeIds: boolean;
  /** SigLIP (and OWL-ViT's detection head) score each image-text pair with a sigmoid and a logit bias. */
  sigmoid: boolean;
  preprocessor: Record<string, unknown>;
  /** The class image-feature-extraction loads (from `vision_model.onnx`), if transformers.js has one. */
  visionClass?: string;
  tasks: readonly DualEncoderTask[];
}

/** Closed-set detectors (DETR-style set prediction): `logits` [batch, queries, classes] and `pred_boxes` [batch, queries, 4]. */
export interface DetectorFamily {
  kind: 'detector';
  /** Class-name prefix: `Detr` → `DetrForObjectDetection`. */
  classPrefix: string;
  /**
   * DETR-style heads add a "no object" class after the labels (logits have labels + 1 columns);
   * RT-DETR-style heads score the labels only (sigmoid focal loss).
   */
  noObjectClass: boolean;
  /** DETR and Table Transformer exports also take `pixel_mask` (DetrImageProcessor sends [batch, 64, 64] ones). */
  pixelMask: boolean;
  preprocessor: Record<string, unknown>;
  tasks: readonly ['object-detection'];
}

/**
 * Open-vocabulary detection grounded in a caption (Grounding DINO): one `model.onnx` taking the
 * image and the BERT-tokenized caption, with `logits` [batch, queries, max_text_len] per text-token
 * position and `pred_boxes` [batch, queries, 4]; GroundingDinoProcessor maps tokens back to words.
 */
export interface GroundedDetectorFamily {
  kind: 'grounded-detector';
  classPrefix: string;
  tokenizer: TokenizerStyle;
  /** `max_text_len`: the logits' text axis, the position table and the tokenizer's `model_max_length`. */
  textMaxLength: number;
  preprocessor: Record<string, unknown>;
  tasks: readonly ['zero-shot-object-detection'];
}

/** Monocular depth: `predicted_depth` [batch, height, width] at the resolution of `pixel_values`. */
export interface DepthFamily {
  kind: 'depth';
  classPrefix: string;
  /** Depth Pro also estimates the camera's horizontal field of view (`field_of_view` [batch], degrees). */
  fieldOfView?: boolean;
  preprocessor: Record<string, unknown>;
  tasks: readonly ['depth-estimation'];
}

/**
 * Mask classification (MaskFormer): `class_queries_logits` [batch, queries, labels + 1] and
 * `masks_queries_logits` [batch, queries, h, w]; the processor's panoptic post-processing turns them into segments.
 */
export interface SegmenterFamily {
  kind: 'segmenter';
  classPrefix: string;
  preprocessor: Record<string, unknown>;
  tasks: readonly ['image-segmentation'];
}

/** Super-resolution (Swin2SR): `reconstruction` [batch, 3, height × upscale, width × upscale]. */
export interface UpscalerFamily {
  kind: 'upscaler';
  classPrefix: string;
  preprocessor: Record<string, unknown>;
  tasks: readonly ['image-to-image'];
}

/** CLAP-style audio-text dual encoder: one `model.onnx` scoring clips (`input_features`) against texts. */
export interface AudioTextFamily {
  kind: 'audio-text';
  classPrefix: string;
  tokenizer: TokenizerStyle;
  /** Longest tokenized label text (`model_max_length`). */
  textMaxLength: number;
  preprocessor: Record<string, unknown>;
  tasks: readonly ['zero-shot-audio-classification'];
}

/** Text to waveform in one graph (VITS): `input_ids` + `attention_mask` → `waveform` [batch, samples]. */
export interface TextToAudioFamily {
  kind: 'text-to-audio';
  classPrefix: string;
  tasks: readonly ['text-to-audio'];
}

export type MediaFamily =
  | VisionFamily
  | AudioFamily
  | DualEncoderFamily
  | DetectorFamily
  | GroundedDetectorFamily
  | DepthFamily
  | SegmenterFamily
  | UpscalerFamily
  | AudioTextFamily
  | TextToAudioFamily;

// ---- preprocessors -----------------------------------------------------------------------------

const IMAGENET = { image_mean: [0.485, 0.456, 0.406], image_std: [0.229, 0.224, 0.225] };
const HALF = { image_mean: [0.5, 0.5, 0.5], image_std: [0.5, 0.5, 0.5] };
const OPENAI_CLIP = { image_mean: [0.48145466, 0.4578275, 0.40821073], image_std: [0.26862954, 0.26130258, 0.27577711] };
const RESCALE = { do_rescale: true, rescale_factor: 1 / 255 };
const CROP = { do_center_crop: true, crop_size: { height: IMAGE_SIZE, width: IMAGE_SIZE } };

/** The processor named by `image_processor_type` (or `feature_extractor_type` where transformers.js only exports that name). */
const processorType = (type: string) => (type.endsWith('FeatureExtractor') ? { feature_extractor_type: type } : { image_processor_type: type });

/** Resize straight to IMAGE_SIZE × IMAGE_SIZE (ViT, BEiT, Swin, SigLIP). */
const squareResize = (type: string, norm: object = HALF) => ({
  ...processorType(type),
  do_resize: true,
  size: { height: IMAGE_SIZE, width: IMAGE_SIZE },
  resample: 2,
  ...RESCALE,
  do_normalize: true,
  ...norm,
});

/** Resize the shortest edge a little larger, then center-crop (DeiT, DINOv2, CLIP, MobileNet). */
const resizeThenCrop = (type: string, norm: object | undefined = IMAGENET) => ({
  ...processorType(type),
  do_resize: true,
  size: { shortest_edge: IMAGE_SIZE + 4 },
  resample: 3,
  ...CROP,
  ...RESCALE,
  do_normalize: norm !== undefined,
  ...(norm ?? {}),
});

/** ConvNeXt/ResNet: shortest edge below 384 is resized to edge / crop_pct, then cropped to edge. */
const CONVNEXT_PROCESSOR = {
  image_processor_type: 'ConvNextImageProcessor',
  do_resize: true,
  size: { shortest_edge: IMAGE_SIZE },
  crop_pct: 0.875,
  resample: 3,
  ...RESCALE,
  do_normalize: true,
  ...IMAGENET,
};

/**
 * DETR/YOLOS keep the aspect ratio (shortest edge, capped longest edge); the tiny graphs take any
 * size, so the edges are just small. `do_pad` pads a batch to its largest image (one image here).
 */
const aspectResize = (type: string) => ({
  image_processor_type: type,
  do_resize: true,
  size: { shortest_edge: IMAGE_SIZE, longest_edge: IMAGE_SIZE * 2 },
  resample: 2,
  ...RESCALE,
  do_normalize: true,
  ...IMAGENET,
  do_pad: true,
});

/** RT-DETR and its successors resize to a fixed square and feed [0, 1] pixels, unnormalized. */
const RT_DETR_PROCESSOR = {
  image_processor_type: 'RTDetrImageProcessor',
  do_resize: true,
  size: { height: IMAGE_SIZE, width: IMAGE_SIZE },
  resample: 2,
  ...RESCALE,
  do_normalize: false,
  do_pad: false,
};

/**
 * DPT-style depth: with keep_aspect_ratio the processor fits the image to `size` as closely as it
 * can while keeping its shape, rounding each side to a multiple of `ensure_multiple_of`
 * (the ViT patch: 14 for Depth Anything's DINOv2, the tiny patch of 8 here).
 */
const dptResize = (norm: object, keepAspectRatio: boolean) => ({
  image_processor_type: 'DPTImageProcessor',
  do_resize: true,
  size: { height: IMAGE_SIZE, width: IMAGE_SIZE },
  keep_aspect_ratio: keepAspectRatio,
  ensure_multiple_of: keepAspectRatio ? PATCH_SIZE : 1,
  resample: keepAspectRatio ? 3 : 2,
  ...RESCALE,
  do_normalize: true,
  ...norm,
});

/** GLPN rounds each side down to a multiple of 32 (its encoder's total stride) and does not normalize. */
const GLPN_PROCESSOR = { feature_extractor_type: 'GLPNFeatureExtractor', do_resize: true, size_divisor: 32, resample: 2, ...RESCALE };

/** MobileViT takes BGR in [0, 1], unnormalized. */
const MOBILEVIT_PROCESSOR = { ...resizeThenCrop('MobileViTImageProcessor', undefined), do_flip_channel_order: true };

// ---- tokenizers for text towers ----------------------------------------------------------------

/** bert-base's lower-cased WordPiece (Chinese-CLIP's and Grounding DINO's text towers). */
const BERT_TOKENIZER: TokenizerStyle = { kind: 'wordpiece', tokenizerClass: 'BertTokenizer', specials: BERT_SPECIALS };

const CLIP_TOKENIZER: TokenizerStyle = {
  kind: 'bytelevel-bpe',
  tokenizerClass: 'CLIPTokenizer',
  specials: {
    leading: [],
    trailing: ['<|startoftext|>', '<|endoftext|>'],
    cls: '<|startoftext|>',
    sep: '<|endoftext|>',
    bos: '<|startoftext|>',
    eos: '<|endoftext|>',
    pad: '<|endoftext|>',
    unk: '<|endoftext|>',
  },
  template: 'cls-sep',
};

const SIGLIP_TOKENIZER: TokenizerStyle = {
  kind: 'bytelevel-bpe',
  tokenizerClass: 'SiglipTokenizer',
  specials: { leading: ['<pad>', '</s>', '<unk>'], trailing: [], eos: '</s>', pad: '<pad>', unk: '<unk>' },
  template: 'none',
};

/** CLAP's text tower is RoBERTa's (RobertaTokenizer, `<s> … </s>`). */
const CLAP_TOKENIZER: TokenizerStyle = robertaBpe('RobertaTokenizer');

/**
 * laion/clap-htsat-unfused's ClapFeatureExtractor (HTK + Slaney mel banks, dB log-mels, short clips
 * repeated then padded, longer ones randomly cropped), scaled down: 16 kHz, 64 ms window, 10 ms hop,
 * 16 mel bins, 2 s clips (real: 48 kHz, 1024-point FFT, 64 bins, 10 s).
 */
const CLAP_PROCESSOR = {
  feature_extractor_type: 'ClapFeatureExtractor',
  feature_size: 16,
  sampling_rate: 16000,
  fft_window_size: 512,
  nb_frequency_bins: 257,
  hop_length: 160,
  frequency_min: 50,
  frequency_max: 8000,
  max_length_s: 2,
  nb_max_samples: 32000,
  truncation: 'rand_trunc',
  padding: 'repeatpad',
  padding_value: 0,
  return_attention_mask: false,
};

// ---- families ----------------------------------------------------------------------------------

const BOTH_VISION: readonly VisionTask[] = VISION_TASKS;
const CLASSIFICATION_ONLY: readonly VisionTask[] = ['image-classification'];
const FEATURES_ONLY: readonly VisionTask[] = ['image-feature-extraction'];

const vision = (
  classPrefix: string,
  layout: VisionFamily['layout'],
  preprocessor: Record<string, unknown>,
  options: { clsToken?: boolean; tasks?: readonly VisionTask[] } & Pick<VisionFamily, 'registers' | 'pooledFirst' | 'maeOutputs'> = {},
): VisionFamily => {
  const { clsToken, tasks, ...extras } = options;
  return { kind: 'vision', classPrefix, layout, clsToken: clsToken ?? layout === 'tokens', preprocessor, tasks: tasks ?? BOTH_VISION, ...extras };
};

const detector = (classPrefix: string, preprocessor: Record<string, unknown>, detr: boolean): DetectorFamily => ({
  kind: 'detector',
  classPrefix,
  noObjectClass: detr,
  pixelMask: detr && preprocessor.image_processor_type === 'DetrImageProcessor',
  preprocessor,
  tasks: DETECTOR_TASKS,
});

const depth = (classPrefix: string, preprocessor: Record<string, unknown>): DepthFamily => ({ kind: 'depth', classPrefix, preprocessor, tasks: DEPTH_TASKS });

const audio = (classPrefix: string, tasks: readonly AudioTask[] = AUDIO_TASKS): AudioFamily => ({ kind: 'audio', classPrefix, input: 'waveform', tasks });

export const MEDIA_FAMILIES: Readonly<Record<string, MediaFamily>> = {
  // Image classifiers (MODEL_FOR_IMAGE_CLASSIFICATION_MAPPING_NAMES) and their base models.
  vit: vision('ViT', 'tokens', squareResize('ViTImageProcessor')),
  vit_msn: vision('ViTMSN', 'tokens', squareResize('ViTImageProcessor', IMAGENET)),
  ijepa: vision('IJepa', 'tokens', squareResize('ViTImageProcessor'), { clsToken: false }),
  deit: vision('DeiT', 'tokens', resizeThenCrop('DeiTImageProcessor')),
  beit: vision('Beit', 'tokens', squareResize('BeitFeatureExtractor')),
  dinov2: vision('Dinov2', 'tokens', resizeThenCrop('BitImageProcessor')),
  dinov2_with_registers: vision('Dinov2WithRegisters', 'tokens', resizeThenCrop('BitImageProcessor')),
  pvt: vision('Pvt', 'tokens', squareResize('PvtImageProcessor', IMAGENET)),
  swin: vision('Swin', 'tokens', squareResize('ViTImageProcessor', IMAGENET), { clsToken: false }),
  hiera: vision('Hiera', 'tokens', resizeThenCrop('BitImageProcessor'), { clsToken: false }),
  convnext: vision('ConvNext', 'grid', CONVNEXT_PROCESSOR),
  convnextv2: vision('ConvNextV2', 'grid', CONVNEXT_PROCESSOR),
  resnet: vision('ResNet', 'grid', CONVNEXT_PROCESSOR),
  mobilevit: vision('MobileViT', 'grid', MOBILEVIT_PROCESSOR),
  mobilevitv2: vision('MobileViTV2', 'grid', MOBILEVIT_PROCESSOR),
  fastvit: vision('FastViT', 'grid', resizeThenCrop('CLIPImageProcessor')),
  efficientnet: vision('EfficientNet', 'grid', squareResize('EfficientNetImageProcessor', IMAGENET)),
  mobilenet_v1: vision('MobileNetV1', 'grid', resizeThenCrop('MobileNetV1ImageProcessor', HALF)),
  mobilenet_v2: vision('MobileNetV2', 'grid', resizeThenCrop('MobileNetV2ImageProcessor', HALF)),
  mobilenet_v3: vision('MobileNetV3', 'grid', resizeThenCrop('MobileNetV3ImageProcessor')),
  mobilenet_v4: vision('MobileNetV4', 'grid', resizeThenCrop('MobileNetV4ImageProcessor')),
  // Base models only (MODEL_MAPPING_NAMES_ENCODER_ONLY): transformers.js has no classifier class for these.
  dinov3_vit: vision('DINOv3ViT', 'tokens', squareResize('DINOv3ViTImageProcessor', IMAGENET), { tasks: FEATURES_ONLY, registers: 4 }),
  // DINOv3 ConvNeXt checkpoints ship the DINOv3 ViT processor.
  dinov3_convnext: vision('DINOv3ConvNext', 'tokens', squareResize('DINOv3ViTImageProcessor', IMAGENET), { clsToken: false, tasks: FEATURES_ONLY, pooledFirst: true }),
  // ViT-MAE masks a random 75% of the patches when `noise` is not given; transformers.js never passes
  // noise, so the tiny config sets mask_ratio 0 and the graph keeps every patch in order (see vision.ts).
  vit_mae: vision('ViTMAE', 'tokens', squareResize('ViTImageProcessor', IMAGENET), { tasks: FEATURES_ONLY, maeOutputs: true }),
  // Donut's Swin encoder: transformers.js has DonutSwinModel only (no DonutSwinForImageClassification).
  'donut-swin': vision('DonutSwin', 'tokens', squareResize('DonutImageProcessor'), { clsToken: false, tasks: FEATURES_ONLY }),
  // transformers.js has SegformerForImageClassification but no Segformer base model class.
  segformer: vision('Segformer', 'grid', squareResize('SegformerImageProcessor', IMAGENET), { tasks: CLASSIFICATION_ONLY }),

  // Closed-set detectors (MODEL_FOR_OBJECT_DETECTION_MAPPING_NAMES).
  detr: detector('Detr', aspectResize('DetrImageProcessor'), true),
  // Table Transformer checkpoints ship DetrImageProcessor configs.
  'table-transformer': detector('TableTransformer', aspectResize('DetrImageProcessor'), true),
  yolos: detector('Yolos', aspectResize('YolosImageProcessor'), true),
  rt_detr: detector('RTDetr', RT_DETR_PROCESSOR, false),
  rt_detr_v2: detector('RTDetrV2', RT_DETR_PROCESSOR, false),
  // transformers.js has no D-FINE / RF-DETR processor class; their ONNX checkpoints use RT-DETR's.
  d_fine: detector('DFine', RT_DETR_PROCESSOR, false),
  rf_detr: detector('RFDetr', RT_DETR_PROCESSOR, false),

  // Depth estimators (MODEL_FOR_DEPTH_ESTIMATION_MAPPING_NAMES).
  dpt: depth('DPT', dptResize(HALF, false)),
  depth_anything: depth('DepthAnything', dptResize(IMAGENET, true)),
  glpn: depth('GLPN', GLPN_PROCESSOR),
  chmv2: depth('CHMv2', { ...squareResize('CHMv2ImageProcessor', IMAGENET) }),
  // transformers.js 4.3.1 has no Depth Pro processor (its AutoProcessor throws on DepthProImageProcessor), so a
  // loadable checkpoint names DPT's, with Depth Pro's square resize and [-1, 1] normalisation.
  depth_pro: { ...depth('DepthPro', dptResize(HALF, false)), fieldOfView: true },

  // Universal segmentation (MODEL_FOR_UNIVERSAL_SEGMENTATION_MAPPING_NAMES): MaskFormer keeps the aspect
  // ratio and rounds each side to a multiple of its backbone's stride (32).
  maskformer: {
    kind: 'segmenter',
    classPrefix: 'MaskFormer',
    preprocessor: { ...aspectResize('MaskFormerImageProcessor'), do_pad: false, size_divisibility: IMAGE_SIZE },
    tasks: SEGMENTER_TASKS,
  },

  // Image-to-image (MODEL_FOR_IMAGE_TO_IMAGE_MAPPING_NAMES): no resize or normalisation; each side is
  // padded (symmetric) to a multiple of pad_size, which is the tiny graph's patch.
  swin2sr: {
    kind: 'upscaler',
    classPrefix: 'Swin2SR',
    preprocessor: { image_processor_type: 'Swin2SRImageProcessor', do_resize: false, ...RESCALE, do_normalize: false, do_pad: true, pad_size: PATCH_SIZE },
    tasks: UPSCALER_TASKS,
  },

  // Speech encoders read raw 16 kHz waveforms (Wav2Vec2FeatureExtractor).
  wav2vec2: audio('Wav2Vec2'),
  hubert: audio('Hubert'),
  unispeech: audio('UniSpeech'),
  'unispeech-sat': audio('UniSpeechSat'),
  // transformers.js has WavLMForCTC, but its ASR pipeline dispatches on model_type and has no wavlm branch.
  wavlm: audio('WavLM', ['audio-classification']),
  // Log-mel front ends: W2V-BERT stacks SeamlessM4T's fbank frames in pairs; Parakeet's FastConformer CTC reads NeMo-style log-mels.
  'wav2vec2-bert': { ...audio('Wav2Vec2Bert'), input: 'features', featureExtractor: 'SeamlessM4TFeatureExtractor' },
  // MODEL_FOR_AUDIO_CLASSIFICATION_MAPPING_NAMES has no parakeet entry; only ParakeetForCTC exists.
  parakeet_ctc: { ...audio('Parakeet', ['automatic-speech-recognition']), input: 'features', featureExtractor: 'ParakeetFeatureExtractor' },
  'audio-spectrogram-transformer': {
    kind: 'audio',
    classPrefix: 'AST',
    input: 'spectrogram',
    tasks: ['audio-classification'],
    classificationClass: 'ASTForAudioClassification',
  },

  // Audio-text: CLAP scores a clip against label texts (ClapModel, one model.onnx).
  clap: { kind: 'audio-text', classPrefix: 'Clap', tokenizer: CLAP_TOKENIZER, textMaxLength: 64, preprocessor: CLAP_PROCESSOR, tasks: AUDIO_TEXT_TASKS },
  // Text to speech: VITS (MMS-TTS) maps characters straight to a waveform (VitsModel, one model.onnx).
  vits: { kind: 'text-to-audio', classPrefix: 'Vits', tasks: TEXT_TO_AUDIO_TASKS },

  // Dual encoders: one model.onnx holding both towers, as optimum exports CLIPModel/SiglipModel.
  clip: {
    kind: 'dual-encoder',
    classPrefix: 'CLIP',
    tokenizer: CLIP_TOKENIZER,
    textMaxLength: 77,
    attentionMask: true,
    tokenTypeIds: false,
    sigmoid: false,
    preprocessor: resizeThenCrop('CLIPImageProcessor', OPENAI_CLIP),
    visionClass: 'CLIPVisionModelWithProjection',
    tasks: CLIP_STYLE_TASKS,
  },
  siglip: {
    kind: 'dual-encoder',
    classPrefix: 'Siglip',
    tokenizer: SIGLIP_TOKENIZER,
    // Real SigLIP pads every text to 64 tokens; 16 keeps the tiny text tower cheap.
    textMaxLength: 16,
    attentionMask: false,
    tokenTypeIds: false,
    sigmoid: true,
    preprocessor: squareResize('SiglipImageProcessor'),
    visionClass: 'SiglipVisionModel',
    tasks: CLIP_STYLE_TASKS,
  },
  chinese_clip: {
    kind: 'dual-encoder',
    classPrefix: 'ChineseCLIP',
    tokenizer: BERT_TOKENIZER,
    textMaxLength: 52,
    attentionMask: true,
    tokenTypeIds: true,
    sigmoid: false,
    preprocessor: resizeThenCrop('ChineseCLIPFeatureExtractor', OPENAI_CLIP),
    // MODEL_FOR_IMAGE_FEATURE_EXTRACTION_MAPPING_NAMES has no chinese_clip entry.
    tasks: ['zero-shot-image-classification'],
  },
  // CLIPSeg's base model is CLIP-shaped (logits_per_image from both towers); its segmentation decoder
  // (CLIPSegForImageSegmentation) is in no transformers.js pipeline mapping.
  clipseg: {
    kind: 'dual-encoder',
    classPrefix: 'CLIPSeg',
    tokenizer: CLIP_TOKENIZER,
    textMaxLength: 77,
    attentionMask: true,
    tokenTypeIds: false,
    sigmoid: false,
    preprocessor: squareResize('ViTImageProcessor', IMAGENET),
    tasks: ['zero-shot-image-classification'],
  },
  // GroupViT: CLIP-shaped GroupViTModel (logits_per_image from both towers, CLIP's processor and tokenizer); transformers.js
  // has no GroupViT vision or text class, so the zero-shot pipeline (AutoModel) is the only one that runs it.
  groupvit: {
    kind: 'dual-encoder',
    classPrefix: 'GroupViT',
    tokenizer: CLIP_TOKENIZER,
    textMaxLength: 77,
    attentionMask: true,
    tokenTypeIds: false,
    sigmoid: false,
    preprocessor: resizeThenCrop('CLIPImageProcessor', OPENAI_CLIP),
    tasks: ['zero-shot-image-classification'],
  },
  // Open-vocabulary detectors: a CLIP text tower scores every image patch against every query.
  owlvit: {
    kind: 'dual-encoder',
    classPrefix: 'OwlViT',
    tokenizer: CLIP_TOKENIZER,
    textMaxLength: 16,
    attentionMask: true,
    tokenTypeIds: false,
    sigmoid: true,
    preprocessor: squareResize('OwlViTImageProcessor', OPENAI_CLIP),
    tasks: ['zero-shot-object-detection'],
  },
  owlv2: {
    kind: 'dual-encoder',
    classPrefix: 'Owlv2',
    tokenizer: CLIP_TOKENIZER,
    textMaxLength: 16,
    attentionMask: true,
    tokenTypeIds: false,
    sigmoid: true,
    preprocessor: { ...squareResize('Owlv2ImageProcessor', OPENAI_CLIP), do_pad: true },
    tasks: ['zero-shot-object-detection'],
  },
  // Grounding DINO: a BERT caption encoder fused with the image; logits score text-token positions, not labels.
  // Its real preprocessor_config names GroundingDinoProcessor: AutoProcessor builds it from processor_class, and only that
  // processor has post_process_grounded_object_detection, the branch the zero-shot-object-detection pipeline needs for it.
  'grounding-dino': {
    kind: 'grounded-detector',
    classPrefix: 'GroundingDino',
    tokenizer: BERT_TOKENIZER,
    textMaxLength: 64,
    preprocessor: { ...aspectResize('GroundingDinoImageProcessor'), processor_class: 'GroundingDinoProcessor', format: 'coco_detection' },
    tasks: ['zero-shot-object-detection'],
  },
};

/** Why a media family cannot take a task transformers.js lists for it elsewhere. */
function unsupportedTaskReason(modelType: string, family: MediaFamily, task: string): string {
  const covers = `(tiny ${modelType} covers: ${family.tasks.join(', ')})`;
  if (modelType === 'donut-swin' && task === 'image-classification') {
    return `transformers.js 4.3.1 has only DonutSwinModel for donut-swin (Donut's OCR image encoder, in MODEL_MAPPING_NAMES_ENCODER_ONLY); there is no DonutSwinForImageClassification in MODEL_FOR_IMAGE_CLASSIFICATION_MAPPING_NAMES, so the image-classification pipeline cannot load it ${covers}`;
  }
  if (family.kind === 'grounded-detector' && task === 'feature-extraction') {
    // Measured on the tiny model: AutoModel finds the class through the zero-shot detection mapping.
    return (
      `transformers.js 4.3.1's feature-extraction pipeline loads ${family.classPrefix}ForObjectDetection through AutoModel and feeds it only ` +
      `this.tokenizer(texts); the detector also needs the image, so encoder_forward throws "Both \`pixel_values\` and \`pixel_mask\` are missing ` +
      `in the model inputs." ${covers}`
    );
  }
  if (task === 'feature-extraction') {
    if (family.kind === 'audio') {
      return `transformers.js's feature-extraction pipeline tokenizes text, but ${modelType} takes audio input_values; audio embeddings need the processor + AutoModel (last_hidden_state) directly, which no pipeline task offers ${covers}`;
    }
    if (family.kind === 'dual-encoder') {
      return `transformers.js's feature-extraction pipeline loads ${family.classPrefix}Model from onnx/model.onnx, which needs pixel_values as well as input_ids, so text alone cannot run it (text embeddings come from ${family.classPrefix}TextModel / text_model.onnx, which no pipeline loads) ${covers}`;
    }
    return `transformers.js's feature-extraction pipeline tokenizes text; ${modelType} takes pixel_values — use image-feature-extraction ${covers}`;
  }
  if (modelType === 'wavlm' && task === 'automatic-speech-recognition') {
    return `transformers.js 4.3.1's automatic-speech-recognition pipeline has no branch for model_type "wavlm" (it throws "does not support model type") even though WavLMForCTC exists ${covers}`;
  }
  return `transformers.js has no ${modelType} class for task "${task}" ${covers}`;
}

export type MediaArchitecture =
  | { supported: true; kind: MediaKind; modelType: string; task: string; architecture: string }
  | { supported: false; reason: string };

/** The tiny media architecture for `(modelType, task)`; undefined when modelType is not a media family. */
export function mediaArchitectureFor(modelType: string, task: string): MediaArchitecture | undefined {
  const family = MEDIA_FAMILIES[modelType];
  if (!family) return undefined;
  const canonical = task === 'asr' ? 'automatic-speech-recognition' : task === 'text-to-speech' ? 'text-to-audio' : task;
  if (!(family.tasks as readonly string[]).includes(canonical)) {
    return { supported: false, reason: unsupportedTaskReason(modelType, family, canonical) };
  }
  return { supported: true, kind: family.kind, modelType, task: canonical, architecture: mediaClassName(family, canonical) };
}

function mediaClassName(family: MediaFamily, task: string): string {
  switch (family.kind) {
    case 'vision':
      return `${family.classPrefix}${task === 'image-classification' ? 'ForImageClassification' : 'Model'}`;
    case 'audio':
      if (task === 'automatic-speech-recognition') return `${family.classPrefix}ForCTC`;
      return family.classificationClass ?? `${family.classPrefix}ForSequenceClassification`;
    case 'dual-encoder':
      if (task === 'zero-shot-object-detection') return `${family.classPrefix}ForObjectDetection`;
      return task === 'image-feature-extraction' ? family.visionClass! : `${family.classPrefix}Model`;
    case 'detector':
    case 'grounded-detector':
      return `${family.classPrefix}ForObjectDetection`;
    case 'depth':
      return `${family.classPrefix}ForDepthEstimation`;
    case 'segmenter':
      return `${family.classPrefix}ForInstanceSegmentation`;
    case 'upscaler':
      return `${family.classPrefix}ForImageSuperResolution`;
    case 'audio-text':
    case 'text-to-audio':
      return `${family.classPrefix}Model`;
  }
}

/** Every (model_type, task) pair the tiny media builders cover. */
export function mediaCoverage(): Array<{ modelType: string; task: string; kind: MediaKind }> {
  return Object.entries(MEDIA_FAMILIES).flatMap(([modelType, family]) =>
    family.tasks.map((task) => ({ modelType, task: task as string, kind: family.kind })),
  );
}
