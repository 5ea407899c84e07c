/**
 * The Hub side of the runtime, one entry point: settings from the environment (HF_ENDPOINT,
 * HF_CACHE_DIR, HF_HUB_OFFLINE, HF_TOKEN), the fetch transformers.js downloads through, the
 * cache manifest that lets later runs load without a request, and `models pull`.
 * Nothing here imports from the CLI: data flows from here outwards.
 */
export { HubError, isHubError, type HubErrorCode } from './errors';
export { DEFAULT_ENDPOINT, defaultCacheDir, hubSettings, parseEndpoint, type HubSettings } from './settings';
export { createHubFetch, type DownloadRecord, type FetchLike } from './http';
export { cachedPipeline, MANIFEST_NAME, modelDir, readManifest, type Manifest } from './cache';
export { configureHubLoad, explainHubError, hubSourceFor, pipelineFiles, prepareHubSource, recordHubLoad, type HubLoadSession, type HubSource } from './load';
export { pullModels, type FileOutcome, type FileStatus, type ModelOutcome, type PullOptions, type PullProgress, type PullResult, type PullTarget } from './pull';
