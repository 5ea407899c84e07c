/** What went wrong talking to the Hub (or a mirror), so callers can explain and tests can match. */
export type HubErrorCode =
  | 'config' // a malformed HF_ENDPOINT, an unusable cache folder
  | 'offline' // HF_HUB_OFFLINE=1 and the file is not cached
  | 'not-found' // 404: no such repository or file
  | 'unauthorized' // 401/403: gated or private (HF_TOKEN)
  | 'server' // 5xx, 429
  | 'network' // refused, dropped, timed out
  | 'truncated' // the body ended before its announced length
  | 'checksum' // the bytes do not hash to what the Hub lists
  | 'corrupt-cache'; // a cached file is damaged

export class HubError extends Error {
  constructor(
    message: string,
    readonly code: HubErrorCode,
    /** The HTTP status, when an answer caused it. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'HubError';
  }
}

export function isHubError(error: unknown): error is HubError {
  return error instanceof Error && error.name === 'HubError' && typeof (error as HubError).code === 'string';
}
