import type { Client } from '@fankui/client';
import { resolveLocale, t as translate, type Locale } from '@fankui/core';
import Taro from '@tarojs/taro';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { FeedbackContext, type Deflection, type FeedbackContextValue } from './hooks/useFeedback';

export interface FeedbackProviderProps {
  /** From `createTaroClient` (or `createClient`). */
  client: Client;
  /** `zh-CN`, `en-US` or any tag `resolveLocale` understands. Default: the system language. */
  locale?: Locale | string;
  /** The page `FeedbackEntry` opens. Default `/pages/feedback/index`. */
  feedbackUrl?: string;
  /** Records "已解决" on a self-help suggestion instead of the client's `deflections.record` (the default). */
  recordDeflection?: (deflection: Deflection) => void | Promise<void>;
  children?: ReactNode;
}

function systemLanguage(): string | undefined {
  try {
    // getAppBaseInfo is base library 2.20.1+; older ones only have the deprecated getSystemInfoSync.
    return (Taro.getAppBaseInfo ? Taro.getAppBaseInfo() : Taro.getSystemInfoSync()).language;
  } catch {
    return undefined; // H5 builds without these APIs: zh-CN
  }
}

/**
 * Gives the Fankui components their client, language and feedback page. Put it around
 * the app (Taro's App component wraps every page) or around one page.
 *
 * @example
 * <FeedbackProvider client={feedbackClient} feedbackUrl="/pages/feedback/index">{children}</FeedbackProvider>
 */
export function FeedbackProvider({ client, locale, feedbackUrl = '/pages/feedback/index', recordDeflection, children }: FeedbackProviderProps) {
  const [status, setStatus] = useState(() => client.status());
  useEffect(() => {
    const off = client.on('status', setStatus);
    // The queue's index loads asynchronously: the first status() may not count it yet.
    client.ready().then(() => setStatus(client.status()), () => undefined);
    return off;
  }, [client]);

  const resolved = useMemo(() => resolveLocale(locale ?? systemLanguage()), [locale]);
  const value = useMemo<FeedbackContextValue>(
    () => ({
      client,
      online: status.online,
      pending: status.pending,
      locale: resolved,
      t: (key, params) => translate(key, params, resolved),
      feedbackUrl,
      recordDeflection: recordDeflection || ((deflection: Deflection) => client.deflections.record(deflection)),
    }),
    [client, status, resolved, feedbackUrl, recordDeflection],
  );
  return <FeedbackContext.Provider value={value}>{children}</FeedbackContext.Provider>;
}
