/** A file the importer cannot read as a plan: one sentence in Vietnamese and English, never a stack trace. */
export class ImportReadError extends Error {
  override name = 'ImportReadError';
  constructor(
    message: string,
    readonly code: ImportReadErrorCode,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export type ImportReadErrorCode =
  'not-found' | 'too-large' | 'empty' | 'unsupported' | 'wrong-content' | 'corrupt' | 'encrypted' | 'scanned';
