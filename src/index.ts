/**
 * hf-convert's programmatic API: the same conversion the CLI runs. Generated suites import the
 * runtime from `hf-convert/runtime`, and Jest loads the reporter from `hf-convert/reporter`.
 */
export const VERSION = '0.1.0';

export { convert, isOutOfDate, type ConvertOptions, type ConversionResult, type Progress } from './convert';
export type { FileRecord, FileStatus, SuitePlan } from './plan';
export type { EmitChange, EmitAction } from './emit';
export type { ModelSpec, Category } from './runtime/spec';
