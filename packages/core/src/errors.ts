/**
 * The base of every typed error Fankui throws. `code` is stable and machine-readable
 * (it is what the wire error body carries); `message` is for developers, in English.
 */
export class FankuiError<Code extends string = string> extends Error {
  override readonly name: string = 'FankuiError';
  readonly code: Code;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: Code, message: string, details?: Record<string, unknown>) {
    super(message);
    this.code = code;
    this.details = details;
  }
}
