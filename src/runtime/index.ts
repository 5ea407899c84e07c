/**
 * hf-convert/runtime: the one API generated suites call.
 * `describeModel(spec)` runs real inference (transformers.js on onnxruntime-node) on the model
 * the spec names, or on a tiny random model of its real model_type when no checkpoint is
 * available offline, and records measurements for the regression reporter.
 */
export type { Category, ExpectedOutput, ModelSpec, QuestionContext, SourceRef, SpecInputs } from './spec';
export type { MeasurementRecord, MetricName } from './measurements';
export { describeModel, loadPipeline } from './describe-model';
export { chooseModelSourceSync, materialise, tinyModelsDir, type ModelSource } from './source';
export { KNOWN_DEVICES, probeDevices, selectDevices, type Device, type DeviceStatus } from './devices';
export { harnessFor, supportedTasks, HarnessAssertionError, InvalidInputError } from './harness';
export { buildTinyModel, tinyArchitectureFor } from './tiny';
export { HubError, hubSettings, pullModels, type HubSettings, type PullResult, type PullTarget } from './hub';
