/**
 * The DOM miniprogram-simulate renders into, as a few globals over a Node environment.
 * Not vitest's `jsdom` environment: that replaces Node's URL and friends, which the
 * reference server (started by some tests) needs as they are.
 */
import { JSDOM } from 'jsdom';

export const { window } = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true });
const globals = ['window', 'document', 'navigator', 'Node', 'Element', 'HTMLElement', 'Event', 'CustomEvent', 'TouchEvent'] as const;
for (const name of globals) {
  const value = name === 'window' ? window : window[name];
  if (value !== undefined) Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
}
