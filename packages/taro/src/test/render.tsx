import type { Client } from '@fankui/client';
import { act, render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { FeedbackProvider, type FeedbackProviderProps } from '../FeedbackProvider';

/** Renders `ui` inside a provider for `client`. */
export function renderWith(client: Client, ui: ReactElement, options: Omit<FeedbackProviderProps, 'client' | 'children'> = {}) {
  return render(
    <FeedbackProvider client={client} {...options}>
      {ui}
    </FeedbackProvider>,
  );
}

type Stencil = Element & { componentOnReady?: () => Promise<unknown> };

/**
 * Fires a Taro component event the way its H5 custom element does: a DOM event named
 * after the prop without `on`, lower-cased (`onInput` → `input`), carrying `detail`.
 * Waits until the element has rendered once first, as a user could not touch it earlier
 * (and Taro's textarea throws when its value changes before that).
 */
export async function fire(element: Element, type: string, detail: unknown = {}) {
  await act(async () => {
    await (element as Stencil).componentOnReady?.();
    element.dispatchEvent(new CustomEvent(type, { detail, bubbles: false }));
  });
}

/**
 * Lets pending promises (client calls) settle inside act, and waits until every Taro H5
 * element has rendered once: Taro's textarea throws when its value changes before that.
 */
export const settle = () =>
  act(async () => {
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    await Promise.all([...document.querySelectorAll<Stencil>('*')].map((element) => element.componentOnReady?.()));
  });
