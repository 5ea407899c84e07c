export type BaselineErrorKind = 'io' | 'truncated' | 'garbled' | 'foreign' | 'version' | 'schema' | 'lock';

/** Every problem with a baseline file, carrying the file and what to do about it in the message. */
export class BaselineFileError extends Error {
  constructor(
    readonly kind: BaselineErrorKind,
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'BaselineFileError';
  }
}
