import Taro from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';

/** What the form keeps while the reporter is away: answers, contact details, consent, image previews. */
export interface Draft {
  answers: Record<string, unknown>;
  contact: Record<string, string>;
  consent: boolean;
  /** Attachment id → the path shown for it. */
  previews: Record<string, string>;
}

/** How long typing must pause before the draft is written: storage calls are not free in a mini-program. */
export const DRAFT_DELAY_MS = 400;

function read(key: string): Draft | null {
  try {
    const stored: unknown = Taro.getStorageSync(key);
    const draft = typeof stored === 'string' && stored ? (JSON.parse(stored) as Partial<Draft>) : null;
    return draft && typeof draft.answers === 'object' && draft.answers
      ? { answers: draft.answers, contact: draft.contact || {}, consent: draft.consent === true, previews: draft.previews || {} }
      : null;
  } catch {
    return null; // unreadable: start afresh rather than break the form
  }
}

/**
 * A draft in Taro storage under `key` (null: none). Read once, synchronously, so the
 * first render already shows it; written `DRAFT_DELAY_MS` after the last change, and at
 * once when the form goes away (navigation), so it survives app restarts.
 *
 * @example const { restored, save, clear } = useDraft('fankui:draft:feedback');
 */
export function useDraft(key: string | null) {
  const [restored] = useState(() => (key ? read(key) : null));
  const waiting = useRef<{ timer: ReturnType<typeof setTimeout>; value: string } | null>(null);

  /** `now`: the form is going away, and an asynchronous write could be lost with the page. */
  const write = useCallback(
    (now: boolean) => {
      if (!waiting.current || !key) return;
      clearTimeout(waiting.current.timer);
      const { value } = waiting.current;
      waiting.current = null;
      try {
        if (now) Taro.setStorageSync(key, value);
        else Taro.setStorage({ key, data: value }).catch(() => undefined);
      } catch {
        // storage full or unavailable: the draft is a convenience, the form still works
      }
    },
    [key],
  );

  const save = useCallback(
    (draft: Draft) => {
      if (!key) return;
      if (waiting.current) clearTimeout(waiting.current.timer);
      waiting.current = { timer: setTimeout(() => write(false), DRAFT_DELAY_MS), value: JSON.stringify(draft) };
    },
    [key, write],
  );

  const clear = useCallback(() => {
    if (waiting.current) clearTimeout(waiting.current.timer);
    waiting.current = null;
    if (key) Taro.removeStorage({ key }).catch(() => undefined);
  }, [key]);

  useEffect(() => () => write(true), [write]);
  return { restored, save, clear };
}
