import type { Client } from '@fankui/client';
import type { Locale, MessageKey, MessageParams } from '@fankui/core';
import { createContext, useContext } from 'react';

/** What `POST /v1/deflections` records: the self-help article that solved the problem. */
export interface Deflection {
  articleId: string;
  category?: string;
}

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
  /** Records a self-help deflection; absent when nothing can record one. */
  recordDeflection: ((deflection: Deflection) => void | Promise<void>) | undefined;
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
