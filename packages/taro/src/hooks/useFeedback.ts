import type { Client, Deflection } from '@fankui/client';
import type { Locale, MessageKey, MessageParams } from '@fankui/core';
import { createContext, useContext } from 'react';

/** What `POST /v1/deflections` records: the self-help article that solved the problem. */
export type { Deflection };

/** What `useFeedback()` returns inside a `FeedbackProvider`. */
export interface FeedbackContextValue {
  client: Client;
  /** Connectivity as the client last reported it. */
  online: boolean;
  /** Submissions stored but not yet sent. */
  pending: number;
  locale: Locale;
  /** Core's catalogue in `locale`. */
  t: (key: MessageKey, params?: MessageParams) => string;
  /** The page `FeedbackEntry` opens. */
  feedbackUrl: string;
  /** Records a self-help deflection: the provider's `recordDeflection`, else `client.deflections.record`. */
  recordDeflection: (deflection: Deflection) => void | Promise<void>;
}

export const FeedbackContext = createContext<FeedbackContextValue | null>(null);

/**
 * The client and its live status, the language and its strings, for any component
 * inside a `FeedbackProvider`.
 *
 * @example
 * const { pending, t } = useFeedback();
 * return pending ? <Text>{t('queue.pendingCount', { count: pending })}</Text> : null;
 */
export function useFeedback(): FeedbackContextValue {
  const value = useContext(FeedbackContext);
  if (!value) throw new Error('useFeedback() needs a <FeedbackProvider> above it');
  return value;
}
