/** jsdom ships no declarations; the harness needs only this (no DOM lib: see tsconfig.json). */
declare module 'jsdom' {
  export class JSDOM {
    constructor(html?: string, options?: { pretendToBeVisual?: boolean; url?: string });
    readonly window: { readonly document: { createElement(tag: string): unknown } } & Record<string, unknown>;
  }
}
