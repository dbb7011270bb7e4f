/**
 * The parts of miniprogram-simulate (j-component) the harness uses, mapped in by
 * tsconfig.json "paths": j-component's own declarations pull in
 * miniprogram-api-typings 3.x, whose globals would shadow the 5.x ones the components are
 * written against.
 */
/** A rendered component (j-component), or a node inside one. */
export interface Mounted {
  /** Its node in the jsdom document. */
  readonly dom: { readonly textContent: string | null; readonly outerHTML: string; getAttribute(name: string): string | null };
  readonly data: Record<string, any>;
  readonly instance: Record<string, any>;
  querySelector(selector: string): Mounted | undefined;
  querySelectorAll(selector: string): Mounted[];
  dispatchEvent(name: string, options?: { detail?: unknown }): void;
  addEventListener(name: string, handler: (event: { detail: any }) => void): void;
  removeEventListener(name: string, handler: (event: { detail: any }) => void): void;
  setData(data: Record<string, unknown>, callback?: () => void): void;
  /** Attaches to a parent node (`attached` runs; a page-like parent: `document.createElement(...)`). */
  attach(parent: unknown): void;
  detach(): void;
  triggerLifeTime(name: string, ...args: unknown[]): void;
  triggerPageLifeTime(name: string, ...args: unknown[]): void;
}
export interface LoadOptions {
  compiler?: 'official' | 'simulate';
  rootPath?: string;
}
export function load(path: string, tagName: string, options?: LoadOptions): string;
export function render(id: string, properties?: Record<string, unknown>): Mounted;
export function sleep(ms: number): Promise<void>;
const simulate: { load: typeof load; render: typeof render; sleep: typeof sleep };
export default simulate;
