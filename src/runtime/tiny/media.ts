import { buildClapGraph, buildVitsGraph, buildVitsTokenizer, clapConfig, vitsConfig } from './audio-text';
import { audioConfig, audioPreprocessor, buildAudioGraph, buildCtcTokenizer } from './audio';
import type { ModelFiles } from './cache';
import { buildDetectorGraph, buildDualEncoderGraph, buildVisionModelGraph, dualEncoderConfig } from './dual-encoder';
import { buildGroundingDinoGraph, groundingDinoConfig } from './grounding-dino';
import { MEDIA_FAMILIES, type AudioTask, type DualEncoderTask, type VisionTask } from './media-families';
import { MEDIA_LAYERS } from './media-layers';
import { buildTokenizer, type TokenizerFiles } from './tokenizer';
import { buildVisionGraph, visionConfig } from './vision';
import { renderVisionHeadFiles } from './vision-head-families';
import { buildDepthGraph, buildDetectorGraph as buildClosedSetDetectorGraph, buildSegmenterGraph, buildSuperResolutionGraph, depthConfig, detectorConfig, segmenterConfig, superResolutionConfig } from './vision-heads';

export { MEDIA_FAMILIES, mediaArchitectureFor, mediaCoverage, type MediaKind } from './media-families';

/** True when `modelType` is built by the media builders (vision, audio, dual encoders). */
export function isMediaModelType(modelType: string): boolean {
  return Object.prototype.hasOwnProperty.call(MEDIA_FAMILIES, modelType);
}

/**
 * Renders every file of a tiny media model in memory (pure: same arguments → same bytes):
 * `config.json`, `preprocessor_config.json`, the ONNX file(s) the transformers.js class loads and,
 * where the pipeline needs one, the tokenizer. `layers`: mixing layers of every tower.
 */
export function renderMediaModelFiles(modelType: string, task: string, architecture: string, seed: string, layers: number = MEDIA_LAYERS): ModelFiles {
  const family = MEDIA_FAMILIES[modelType];
  if (!family) throw new Error(`renderMediaModelFiles: "${modelType}" is not a tiny media family`);
  // Heads beyond the family's own kind (segmentation, bare backbones) have their own builders.
  const head = renderVisionHeadFiles(modelType, task, architecture, seed, layers);
  if (head) return head;
  const files: ModelFiles = new Map();
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  const weightSeed = `${modelType}/${task}/${seed}`;
  const addTokenizer = (tokenizer: TokenizerFiles) => {
    files.set('tokenizer.json', json(tokenizer.tokenizerJson));
    files.set('tokenizer_config.json', json(tokenizer.tokenizerConfig));
  };

  switch (family.kind) {
    case 'vision':
      files.set('config.json', json(visionConfig(modelType, family, task as VisionTask, architecture, layers)));
      files.set('preprocessor_config.json', json(family.preprocessor));
      files.set('onnx/model.onnx', buildVisionGraph(family, task as VisionTask, weightSeed, layers));
      break;
    case 'audio':
      files.set('config.json', json(audioConfig(modelType, family, task as AudioTask, architecture, layers)));
      files.set('preprocessor_config.json', json(audioPreprocessor(family)));
      files.set('onnx/model.onnx', buildAudioGraph(family, task as AudioTask, weightSeed, layers));
      // CTC decoding maps frame argmaxes to characters through the tokenizer.
      if (task === 'automatic-speech-recognition') addTokenizer(buildCtcTokenizer());
      break;
    case 'detector':
      files.set('config.json', json(detectorConfig(modelType, family, architecture, layers)));
      files.set('preprocessor_config.json', json(family.preprocessor));
      files.set('onnx/model.onnx', buildClosedSetDetectorGraph(family, weightSeed, layers));
      break;
    case 'grounded-detector': {
      const tokenizer = buildTokenizer(family.tokenizer, family.textMaxLength);
      files.set('config.json', json(groundingDinoConfig(modelType, family, architecture, tokenizer, layers)));
      files.set('preprocessor_config.json', json(family.preprocessor));
      files.set('onnx/model.onnx', buildGroundingDinoGraph(family, tokenizer, weightSeed, layers));
      addTokenizer(tokenizer);
      break;
    }
    case 'depth':
      files.set('config.json', json(depthConfig(modelType, architecture, layers)));
      files.set('preprocessor_config.json', json(family.preprocessor));
      files.set('onnx/model.onnx', buildDepthGraph(family, weightSeed, layers));
      break;
    case 'segmenter':
      files.set('config.json', json(segmenterConfig(modelType, architecture, layers)));
      files.set('preprocessor_config.json', json(family.preprocessor));
      files.set('onnx/model.onnx', buildSegmenterGraph(family, weightSeed, layers));
      break;
    case 'upscaler':
      files.set('config.json', json(superResolutionConfig(modelType, architecture, layers)));
      files.set('preprocessor_config.json', json(family.preprocessor));
      files.set('onnx/model.onnx', buildSuperResolutionGraph(family, weightSeed, layers));
      break;
    case 'audio-text': {
      const tokenizer = buildTokenizer(family.tokenizer, family.textMaxLength);
      files.set('config.json', json(clapConfig(modelType, family, architecture, tokenizer, layers)));
      files.set('preprocessor_config.json', json(family.preprocessor));
      files.set('onnx/model.onnx', buildClapGraph(family, tokenizer, weightSeed, layers));
      addTokenizer(tokenizer);
      break;
    }
    case 'text-to-audio': {
      // No preprocessor_config.json: with a processor the text-to-audio pipeline takes SpeechT5's spectrogram path.
      const tokenizer = buildVitsTokenizer(512);
      files.set('config.json', json(vitsConfig(modelType, architecture, tokenizer.vocabSize, layers)));
      files.set('onnx/model.onnx', buildVitsGraph(tokenizer.vocabSize, weightSeed, layers));
      files.set('tokenizer.json', json(tokenizer.tokenizerJson));
      files.set('tokenizer_config.json', json(tokenizer.tokenizerConfig));
      break;
    }
    case 'dual-encoder': {
      const tokenizer = buildTokenizer(family.tokenizer, family.textMaxLength);
      files.set('config.json', json(dualEncoderConfig(modelType, family, architecture, tokenizer, layers)));
      files.set('preprocessor_config.json', json(family.preprocessor));
      if ((task as DualEncoderTask) === 'image-feature-extraction') {
        files.set('onnx/vision_model.onnx', buildVisionModelGraph(family, weightSeed, layers));
      } else if ((task as DualEncoderTask) === 'zero-shot-object-detection') {
        files.set('onnx/model.onnx', buildDetectorGraph(family, tokenizer, weightSeed, layers));
        addTokenizer(tokenizer);
      } else {
        files.set('onnx/model.onnx', buildDualEncoderGraph(family, tokenizer, weightSeed, layers));
        addTokenizer(tokenizer);
      }
      break;
    }
  }
  return files;
}
