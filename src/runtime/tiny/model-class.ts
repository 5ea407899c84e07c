import type { ModelFiles } from './cache';
import { buildCodecDecoderGraph, buildCodecEncoderGraph, codecConfig, codecPreprocessor, type CodecType } from './codec';
import { buildDecisionTransformerGraph, decisionTransformerConfig } from './decision-transformer';
import { buildVitMatteGraph, buildVitPoseGraph, VITMATTE_PREPROCESSOR, VITPOSE_PREPROCESSOR, vitMatteConfig, vitPoseConfig } from './matting-pose';
import { MEDIA_LAYERS } from './media-layers';
import { MODEL_CLASS_FAMILIES } from './model-class-families';
import { renderMusicgenFiles } from './musicgen';
import { buildSamPromptDecoder, buildSamVisionEncoder, samConfig, samPreprocessor, type SamType } from './sam';
import { buildTimeSeriesGraph, timeSeriesConfig, type SeriesType } from './time-series';

export { isModelClassModelType } from './model-class-families';

/**
 * Renders every file of a tiny model-class family in memory (pure: same arguments → same bytes):
 * `config.json`, the ONNX file(s) its class loads and, where it has a processor, `preprocessor_config.json`.
 */
export function renderModelClassFiles(modelType: string, task: string, architecture: string, seed: string, layers: number = MEDIA_LAYERS): ModelFiles {
  const family = MODEL_CLASS_FAMILIES[modelType];
  if (!family) throw new Error(`renderModelClassFiles: "${modelType}" is not a tiny model-class family`);
  const files: ModelFiles = new Map();
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  const weightSeed = `${modelType}/${task}/${seed}`;
  switch (family.kind) {
    case 'codec': {
      const codec = modelType as CodecType;
      files.set('config.json', json(codecConfig(codec, architecture, layers)));
      files.set('preprocessor_config.json', json(codecPreprocessor(codec)));
      files.set('onnx/encoder_model.onnx', buildCodecEncoderGraph(codec, weightSeed, layers));
      files.set('onnx/decoder_model.onnx', buildCodecDecoderGraph(codec, weightSeed, layers));
      break;
    }
    case 'time-series':
      files.set('config.json', json(timeSeriesConfig(modelType as SeriesType, architecture, layers)));
      // The suite's tiny forecaster is the prediction head; the base model renders only when asked for by name.
      files.set('onnx/model.onnx', buildTimeSeriesGraph(modelType as SeriesType, weightSeed, layers, !architecture.endsWith('ForPrediction')));
      break;
    case 'decision-transformer':
      files.set('config.json', json(decisionTransformerConfig(architecture, layers)));
      files.set('onnx/model.onnx', buildDecisionTransformerGraph(weightSeed, layers));
      break;
    case 'matting':
      files.set('config.json', json(vitMatteConfig(architecture, layers)));
      files.set('preprocessor_config.json', json(VITMATTE_PREPROCESSOR));
      files.set('onnx/model.onnx', buildVitMatteGraph(weightSeed, layers));
      break;
    case 'pose':
      files.set('config.json', json(vitPoseConfig(architecture, layers)));
      files.set('preprocessor_config.json', json(VITPOSE_PREPROCESSOR));
      files.set('onnx/model.onnx', buildVitPoseGraph(weightSeed, layers));
      break;
    case 'mask-generation': {
      const sam = modelType as SamType;
      files.set('config.json', json(samConfig(sam, architecture, layers)));
      files.set('preprocessor_config.json', json(samPreprocessor(sam)));
      files.set('onnx/vision_encoder.onnx', buildSamVisionEncoder(sam, weightSeed, layers));
      files.set('onnx/prompt_encoder_mask_decoder.onnx', buildSamPromptDecoder(sam, weightSeed));
      break;
    }
    case 'text-to-music':
      return renderMusicgenFiles(architecture, weightSeed, layers);
  }
  return files;
}
