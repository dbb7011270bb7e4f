/**
 * The draft: what the reporter typed survives leaving the page and restarting the app.
 * Kept under `fankui:draft:<formId>` as a JSON string, the format `@fankui/taro` uses.
 */
import { isEmpty, type FormState } from './answers';

/** How long typing must pause before the draft is written: storage calls are not free. */
export const DRAFT_DELAY_MS = 400;

export const draftKey = (formId: string) => `fankui:draft:${formId}`;

/** The stored draft, or null (none, or unreadable: the form starts afresh rather than breaks). */
export function readDraft(key: string): FormState | null {
  try {
    const stored: unknown = wx.getStorageSync(key);
    const draft = typeof stored === 'string' && stored ? (JSON.parse(stored) as Partial<FormState>) : null;
    if (!draft || typeof draft.answers !== 'object' || !draft.answers) return null;
    return { answers: draft.answers, contact: draft.contact || {}, consent: draft.consent === true, previews: draft.previews || {} };
  } catch {
    return null;
  }
}

export interface DraftWriter {
  /** Writes `state` once typing pauses (an empty form removes the draft). */
  save(state: FormState): void;
  /** Writes what is waiting now, synchronously: the page is going away. */
  flush(): void;
  /** Forgets the draft (submitted, or solved by self-help). */
  clear(): void;
}

/** A debounced writer for the draft under `key`; failures are ignored (the form still works). */
export function draftWriter(key: string): DraftWriter {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let waiting: string | undefined;
  const cancel = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = waiting = undefined;
  };
  const write = (now: boolean) => {
    const value = waiting;
    cancel();
    if (value === undefined) return;
    try {
      if (now) wx.setStorageSync(key, value);
      else wx.setStorage({ key, data: value, fail: () => undefined });
    } catch {
      // storage full or unavailable: the draft is a convenience
    }
  };
  const clear = () => {
    cancel();
    wx.removeStorage({ key, fail: () => undefined });
  };
  return {
    save(state) {
      if (isEmpty(state)) return clear();
      cancel();
      waiting = JSON.stringify(state);
      timer = setTimeout(() => write(false), DRAFT_DELAY_MS);
    },
    flush: () => write(true),
    clear,
  };
}
