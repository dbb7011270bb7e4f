import type { CaseFailureDetails, ExchangeRequest, ExchangeResponse } from './types';

/** A broken rule: what was expected, and the exchange that showed it. */
export class CaseFailure extends Error {
  override readonly name = 'CaseFailure';
  constructor(
    message: string,
    readonly details: { expected?: string; request?: ExchangeRequest; response?: ExchangeResponse } = {},
  ) {
    super(message);
  }

  toDetails(): CaseFailureDetails {
    return { message: this.message, ...this.details };
  }
}

/** A case that cannot run against this backend or with these options. */
export class CaseSkip extends Error {
  override readonly name = 'CaseSkip';
}
