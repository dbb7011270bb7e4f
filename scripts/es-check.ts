/**
 * The mini-program runtime check: does a shipped JavaScript file run on the floor we
 * claim (docs/runtime.md)? Two questions, answered with a real parser:
 *
 * 1. Syntax: the file parses with acorn at `ecmaVersion: 2017`. Anything newer fails to
 *    parse: `?.`, `??`, object rest/spread, async iteration, optional catch binding,
 *    class fields, `**=`-style logical assignment, BigInt and separator literals, and
 *    regular expressions with named groups, lookbehind, the `s`/`d`/`v` flags or
 *    property escapes (acorn validates regex literals for the version). Pattern strings
 *    passed to `RegExp(...)` are validated the same way.
 * 2. Built-ins: the AST has no use of a built-in newer than ES2017 from {@link NEWER_BUILT_INS}.
 *
 *   tsx scripts/es-check.ts <file or folder>...   prints every finding, exits 1 if any
 *   tests/miniprogram-runtime.test.ts             runs it over everything we ship
 *
 * A feature test (`typeof queueMicrotask`, `if (Object.fromEntries)`) and a use guarded
 * by a feature test of the same name are not findings — React's
 * `typeof queueMicrotask === 'function' ? queueMicrotask : …` runs everywhere. That is
 * the only exception: there is no allow-list comment (minifiers strip comments, and a
 * finding is fixed by a helper or a guard, not silenced).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, type AnyNode, type Expression, type Node, type Options, type Program } from 'acorn';
import { ancestor } from 'acorn-walk';

/** The syntax level everything shipped into a mini-program must parse at. */
export const ECMA_VERSION = 2017;

type Since = 'ES2015' | 'ES2018' | 'ES2019' | 'ES2020' | 'ES2021' | 'ES2022' | 'ES2023' | 'ES2024' | 'WHATWG';

/**
 * A built-in newer than the floor, and how a use of it is recognised:
 * - `global`: a reference to the free identifier `name` (not `typeof name`, not a
 *   binding the file declares itself);
 * - `static`: `object.name` (or `object['name']`) on the global `object`;
 * - `method`: a call `x.name(...)` on any receiver. Only names no common library uses
 *   for its own objects are listed this way: the receiver's type is unknown to a parser.
 */
export interface NewerBuiltIn {
  kind: 'global' | 'static' | 'method';
  /** The global the static member hangs off (`static` only). */
  object?: string;
  name: string;
  since: Since;
  /** Which runtimes lack it (Safari ships the iOS JavaScriptCore of the same version). */
  why: string;
}

/**
 * Built-ins newer than ES2017 (and `Proxy`, which WeChat names as missing on some older
 * clients) that a mini-program on the supported floor may lack
 * (versions: MDN browser-compat-data; iOS mini-programs run the system JavaScriptCore).
 * Deliberately not listed: `Array.prototype.with` (`x.with(…)` is a common builder method,
 * so a call on any receiver would be a false finding), and additions that are harmless when
 * missing (`new Error(msg, { cause })` ignores the option, `symbol.description` reads
 * undefined). `.at()` is listed although the name is short: none of what we ship defines one.
 */
export const NEWER_BUILT_INS: NewerBuiltIn[] = [
  { kind: 'static', object: 'Object', name: 'fromEntries', since: 'ES2019', why: 'Safari/iOS 12.2, Chrome 73' },
  { kind: 'static', object: 'Object', name: 'hasOwn', since: 'ES2022', why: 'Safari/iOS 15.4, Chrome 93' },
  { kind: 'static', object: 'Object', name: 'groupBy', since: 'ES2024', why: 'Safari/iOS 17.4, Chrome 117' },
  { kind: 'static', object: 'Map', name: 'groupBy', since: 'ES2024', why: 'Safari/iOS 17.4, Chrome 117' },
  { kind: 'static', object: 'Promise', name: 'allSettled', since: 'ES2020', why: 'Safari/iOS 13, Chrome 76' },
  { kind: 'static', object: 'Promise', name: 'any', since: 'ES2021', why: 'Safari/iOS 14, Chrome 85' },
  { kind: 'static', object: 'Promise', name: 'withResolvers', since: 'ES2024', why: 'Safari/iOS 17.4, Chrome 119' },
  { kind: 'static', object: 'Array', name: 'fromAsync', since: 'ES2024', why: 'Safari/iOS 16.4, Chrome 121' },
  { kind: 'static', object: 'Symbol', name: 'asyncIterator', since: 'ES2018', why: 'Safari/iOS 11.3, Chrome 63; async iteration itself does not parse at ES2017' },
  { kind: 'method', name: 'flat', since: 'ES2019', why: 'Array.prototype.flat: Safari/iOS 12, Chrome 69' },
  { kind: 'method', name: 'flatMap', since: 'ES2019', why: 'Array.prototype.flatMap: Safari/iOS 12, Chrome 69' },
  { kind: 'method', name: 'finally', since: 'ES2018', why: 'Promise.prototype.finally: Safari/iOS 11.3, Chrome 63' },
  { kind: 'method', name: 'trimStart', since: 'ES2019', why: 'String.prototype.trimStart: Safari/iOS 12, Chrome 66 (trimLeft is the old name)' },
  { kind: 'method', name: 'trimEnd', since: 'ES2019', why: 'String.prototype.trimEnd: Safari/iOS 12, Chrome 66 (trimRight is the old name)' },
  { kind: 'method', name: 'matchAll', since: 'ES2020', why: 'String.prototype.matchAll: Safari/iOS 13, Chrome 73' },
  { kind: 'method', name: 'replaceAll', since: 'ES2021', why: 'String.prototype.replaceAll: Safari/iOS 13.4, Chrome 85' },
  { kind: 'method', name: 'at', since: 'ES2022', why: 'Array/String.prototype.at: Safari/iOS 15.4, Chrome 92' },
  { kind: 'method', name: 'findLast', since: 'ES2023', why: 'Array.prototype.findLast: Safari/iOS 15.4, Chrome 97' },
  { kind: 'method', name: 'findLastIndex', since: 'ES2023', why: 'Array.prototype.findLastIndex: Safari/iOS 15.4, Chrome 97' },
  { kind: 'method', name: 'toSorted', since: 'ES2023', why: 'Array.prototype.toSorted: Safari/iOS 16, Chrome 110' },
  { kind: 'method', name: 'toReversed', since: 'ES2023', why: 'Array.prototype.toReversed: Safari/iOS 16, Chrome 110' },
  { kind: 'method', name: 'toSpliced', since: 'ES2023', why: 'Array.prototype.toSpliced: Safari/iOS 16, Chrome 110' },
  { kind: 'global', name: 'globalThis', since: 'ES2020', why: 'Safari/iOS 12.2, Chrome 71' },
  { kind: 'global', name: 'BigInt', since: 'ES2020', why: 'Safari/iOS 14, Chrome 67' },
  { kind: 'global', name: 'BigInt64Array', since: 'ES2020', why: 'Safari/iOS 15, Chrome 67' },
  { kind: 'global', name: 'BigUint64Array', since: 'ES2020', why: 'Safari/iOS 15, Chrome 67' },
  { kind: 'global', name: 'WeakRef', since: 'ES2021', why: 'Safari/iOS 14.5, Chrome 84' },
  { kind: 'global', name: 'FinalizationRegistry', since: 'ES2021', why: 'Safari/iOS 14.5, Chrome 84' },
  { kind: 'global', name: 'AggregateError', since: 'ES2021', why: 'Safari/iOS 14, Chrome 85' },
  { kind: 'global', name: 'Proxy', since: 'ES2015', why: 'WeChat: cannot be polyfilled and missing on some older clients (framework/runtime/js-support)' },
  { kind: 'global', name: 'structuredClone', since: 'WHATWG', why: 'not an ECMAScript built-in; Safari/iOS 15.4, Chrome 98, absent from mini-program logic layers' },
  { kind: 'global', name: 'queueMicrotask', since: 'WHATWG', why: 'not an ECMAScript built-in; Safari/iOS 12.2, Chrome 71, absent from older mini-program logic layers' },
];

export interface Finding {
  file: string;
  /** 1-based line and column. */
  line: number;
  column: number;
  /** `syntax` (the file does not parse at ES2017) or the built-in used. */
  feature: string;
  detail: string;
  /** The source around the position (minified files have very long lines). */
  snippet: string;
}

/** How a file is parsed: `.mjs` as a module, `.cjs` as a script, `.js` as a script unless it has import/export. */
export function sourceTypeOf(file: string): 'module' | 'script' | 'detect' {
  const ext = extname(file);
  return ext === '.mjs' ? 'module' : ext === '.cjs' ? 'script' : 'detect';
}

function snippetAt(code: string, pos: number, end = pos + 1): string {
  const from = Math.max(0, pos - 30);
  const to = Math.min(code.length, Math.max(end, pos + 1) + 30, pos + 120);
  return code.slice(from, to).replace(/\s+/g, ' ').trim();
}

function lineColumn(code: string, pos: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = code.indexOf('\n'); i !== -1 && i < pos; i = code.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return { line, column: pos - lineStart + 1 };
}

function parseAt2017(code: string, sourceType: 'module' | 'script'): Program {
  const options: Options = { ecmaVersion: ECMA_VERSION, sourceType, locations: false };
  // CommonJS files run inside a function wrapper (Node, the mini-program module system).
  if (sourceType === 'script') options.allowReturnOutsideFunction = true;
  return parse(code, options);
}

const MODULE_ONLY = /'import' and 'export' may appear only with 'sourceType: module'/;

/** Parses `code` at ES2017; returns the program, or the syntax finding. */
function parseFile(file: string, code: string): Program | Finding {
  const kind = sourceTypeOf(file);
  try {
    if (kind !== 'detect') return parseAt2017(code, kind);
    try {
      return parseAt2017(code, 'script');
    } catch (error) {
      if (error instanceof SyntaxError && MODULE_ONLY.test(error.message)) return parseAt2017(code, 'module');
      throw error;
    }
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const pos = (error as SyntaxError & { pos?: number }).pos ?? 0;
    return { file, ...lineColumn(code, pos), feature: 'syntax', detail: `does not parse as ES2017: ${error.message}`, snippet: snippetAt(code, pos) };
  }
}

/** Every name the file binds itself (variables, functions, classes, parameters, catch bindings). */
function declaredNames(program: Program): Set<string> {
  const names = new Set<string>();
  const bind = (pattern: AnyNode | null | undefined): void => {
    if (!pattern) return;
    switch (pattern.type) {
      case 'Identifier':
        names.add(pattern.name);
        break;
      case 'ObjectPattern':
        for (const property of pattern.properties) bind(property.type === 'RestElement' ? property.argument : property.value);
        break;
      case 'ArrayPattern':
        pattern.elements.forEach(bind);
        break;
      case 'RestElement':
        bind(pattern.argument);
        break;
      case 'AssignmentPattern':
        bind(pattern.left);
        break;
      default:
        break;
    }
  };
  const fn = (node: { id?: AnyNode | null; params: AnyNode[] }) => {
    bind(node.id);
    node.params.forEach(bind);
  };
  ancestor(program, {
    VariableDeclarator: (node) => bind(node.id),
    FunctionDeclaration: fn,
    FunctionExpression: fn,
    ArrowFunctionExpression: fn,
    ClassDeclaration: (node) => bind(node.id),
    ClassExpression: (node) => bind(node.id),
    CatchClause: (node) => bind(node.param),
    ImportSpecifier: (node) => bind(node.local),
    ImportDefaultSpecifier: (node) => bind(node.local),
    ImportNamespaceSpecifier: (node) => bind(node.local),
  });
  return names;
}

/**
 * Whether the use at the end of `ancestors` sits behind a feature test naming it: in a
 * branch of a conditional or `if` whose test mentions the name, or right of an `&&`/`||`
 * whose left side does (`typeof queueMicrotask == 'function' && queueMicrotask(f)`).
 */
function guarded(code: string, ancestors: AnyNode[], name: string): boolean {
  const mentions = (node: Node) => new RegExp(`\\b${name}\\b`).test(code.slice(node.start, node.end));
  for (let i = ancestors.length - 2; i >= 0; i -= 1) {
    const parent = ancestors[i]!;
    const child = ancestors[i + 1]!;
    if ((parent.type === 'ConditionalExpression' || parent.type === 'IfStatement') && child !== parent.test && mentions(parent.test)) return true;
    if (parent.type === 'LogicalExpression' && child === parent.right && mentions(parent.left)) return true;
  }
  return false;
}

/**
 * Whether the member access at the end of `ancestors` is itself a feature test: the test
 * of an `if` or a conditional, or the left of `&&`/`||`, possibly under `typeof`, `!` or an
 * equality (`if (Object.fromEntries)`, `typeof Promise.allSettled === 'function' && …`).
 * Reading a missing member yields undefined; only calling or passing it on fails.
 */
function featureTest(ancestors: AnyNode[]): boolean {
  for (let i = ancestors.length - 2; i >= 0; i -= 1) {
    const parent = ancestors[i]!;
    const child = ancestors[i + 1]!;
    if ((parent.type === 'IfStatement' || parent.type === 'ConditionalExpression') && child === parent.test) return true;
    if (parent.type === 'LogicalExpression') {
      if (child === parent.left) return true;
      continue;
    }
    const wrapper =
      (parent.type === 'UnaryExpression' && (parent.operator === 'typeof' || parent.operator === '!')) ||
      (parent.type === 'BinaryExpression' && ['==', '===', '!=', '!=='].includes(parent.operator));
    if (!wrapper) return false;
  }
  return false;
}

function propertyName(node: AnyNode): string | undefined {
  if (node.type !== 'MemberExpression') return undefined;
  if (!node.computed && node.property.type === 'Identifier') return node.property.name;
  if (node.computed && node.property.type === 'Literal' && typeof node.property.value === 'string') return node.property.value;
  return undefined;
}

/** A `RegExp('…', '…')` pattern given as a string literal, validated like a regex literal. */
function regExpSyntax(code: string, call: AnyNode & { arguments: AnyNode[] }): string | undefined {
  const [pattern, flags] = call.arguments;
  if (pattern?.type !== 'Literal' || typeof pattern.value !== 'string') return undefined;
  if (flags && (flags.type !== 'Literal' || typeof flags.value !== 'string')) return undefined;
  const source = pattern.value.replace(/\\[\s\S]|\//g, (m) => (m === '/' ? '\\/' : m)).replace(/[\n\r\u2028\u2029]/g, (m) => `\\u${m.charCodeAt(0).toString(16).padStart(4, '0')}`);
  try {
    parse(`/${source}/${flags ? String(flags.value) : ''}`, { ecmaVersion: ECMA_VERSION });
    return undefined;
  } catch (error) {
    return `RegExp pattern ${snippetAt(code, pattern.start, pattern.end)} is not ES2017: ${(error as Error).message}`;
  }
}

/** Checks one file's source; `file` names it in the findings and picks module or script. */
export function checkSource(file: string, code: string): Finding[] {
  const program = parseFile(file, code);
  if (!('type' in program)) return [program];
  const findings: Finding[] = [];
  const declared = declaredNames(program);
  const report = (node: Node, builtIn: NewerBuiltIn | undefined, detail?: string) => {
    findings.push({
      file,
      ...lineColumn(code, node.start),
      feature: builtIn ? (builtIn.kind === 'static' ? `${builtIn.object}.${builtIn.name}` : builtIn.kind === 'method' ? `.${builtIn.name}()` : builtIn.name) : 'syntax',
      detail: detail ?? `${builtIn!.since} built-in (${builtIn!.why})`,
      snippet: snippetAt(code, node.start, node.end),
    });
  };
  const globals = new Map(NEWER_BUILT_INS.filter((b) => b.kind === 'global').map((b) => [b.name, b]));
  const statics = NEWER_BUILT_INS.filter((b) => b.kind === 'static');
  const methods = new Map(NEWER_BUILT_INS.filter((b) => b.kind === 'method').map((b) => [b.name, b]));

  ancestor(program, {
    Identifier(node, _state, ancestors) {
      const builtIn = globals.get(node.name);
      if (!builtIn || declared.has(node.name)) return;
      const parent = ancestors[ancestors.length - 2];
      if (parent?.type === 'UnaryExpression' && parent.operator === 'typeof') return;
      if (!guarded(code, ancestors, node.name)) report(node, builtIn);
    },
    MemberExpression(node, _state, ancestors) {
      const name = propertyName(node);
      if (name === undefined) return;
      const object = node.object.type === 'Identifier' && !declared.has(node.object.name) ? node.object.name : undefined;
      const builtIn = statics.find((b) => b.object === object && b.name === name);
      if (builtIn && !featureTest(ancestors) && !guarded(code, ancestors, name)) report(node, builtIn);
    },
    CallExpression(node, _state, ancestors) {
      const callee = node.callee as Expression;
      if (callee.type === 'Identifier' && callee.name === 'RegExp') {
        const problem = regExpSyntax(code, node);
        if (problem) report(node, undefined, problem);
        return;
      }
      const name = propertyName(callee);
      const builtIn = name === undefined ? undefined : methods.get(name);
      if (builtIn && !guarded(code, ancestors, builtIn.name)) report(callee, builtIn);
    },
    NewExpression(node) {
      if (node.callee.type !== 'Identifier' || node.callee.name !== 'RegExp') return;
      const problem = regExpSyntax(code, node);
      if (problem) report(node, undefined, problem);
    },
  });
  return findings.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** Checks a file on disk. */
export function checkFile(file: string): Finding[] {
  return checkSource(file, readFileSync(file, 'utf8'));
}

/** Every `.js`/`.mjs`/`.cjs` file under `dir`, sorted. */
export function scriptsUnder(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return scriptsUnder(path);
      return /\.(m|c)?js$/.test(name) ? [path] : [];
    })
    .sort();
}

/** The relative modules a file imports or requires (its chunks), resolved to paths. */
export function localImports(file: string): string[] {
  const code = readFileSync(file, 'utf8');
  const program = parseFile(file, code);
  if (!('type' in program)) return [];
  const specifiers: string[] = [];
  const add = (source: AnyNode | null | undefined) => {
    if (source?.type === 'Literal' && typeof source.value === 'string' && source.value.startsWith('.')) specifiers.push(source.value);
  };
  ancestor(program, {
    ImportDeclaration: (node) => add(node.source),
    ExportNamedDeclaration: (node) => add(node.source),
    ExportAllDeclaration: (node) => add(node.source),
    CallExpression: (node) => {
      if (node.callee.type === 'Identifier' && node.callee.name === 'require') add(node.arguments[0]);
    },
  });
  return specifiers.map((specifier) => join(dirname(file), specifier));
}

/** `entries` and every file they reach through relative imports (what a bundler pulls in). */
export function withLocalImports(entries: string[]): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    localImports(file).forEach(visit);
  };
  entries.forEach(visit);
  return [...seen].sort();
}

/** `file:line:col feature — detail` and the snippet, one finding per two lines. */
export function formatFinding(finding: Finding, root = process.cwd()): string {
  return `${relative(root, finding.file)}:${finding.line}:${finding.column} ${finding.feature} — ${finding.detail}\n    ${finding.snippet}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const targets = process.argv.slice(2);
  if (targets.length === 0) {
    console.error('usage: tsx scripts/es-check.ts <file or folder>...');
    process.exit(2);
  }
  const files = targets.flatMap((target) => (statSync(target).isDirectory() ? scriptsUnder(target) : [target]));
  const findings = files.flatMap(checkFile);
  for (const finding of findings) console.log(formatFinding(finding));
  console.log(`${files.length} files checked at ES${ECMA_VERSION}: ${findings.length} finding(s)`);
  process.exit(findings.length ? 1 : 0);
}
