/**
 * A small tolerant WXML parser for checks over templates (the accessibility walk): a tree
 * of elements with their attributes, text, and where each starts (line, column).
 *
 * Why not an HTML parser: WXML is not HTML. Attribute values and text carry mustaches
 * (`wx:if="{{a > b}}"`, `{{a < b ? x : y}}`) whose `<`/`>` are not tags, `<wxs>` holds
 * JavaScript, and there are no void elements: a tag is empty only when written `<x />`.
 * Tolerant: a stray `</x>` with no open `<x>` is ignored, and tags left open at the end
 * are closed there, so a check still reports what it can see.
 *
 * @example
 * const root = parseWxml('<view bindtap="go" aria-role="button">{{label}}</view>');
 * root.children[0].name;            // 'view'
 * root.children[0].attrs.bindtap;   // 'go'
 */

export interface WxmlElement {
  /** Lower-case tag name; `#root` for the document. */
  name: string;
  /** Attribute name → value as written (`''` for a bare attribute like `disabled`). */
  attrs: Record<string, string>;
  children: WxmlNode[];
  /** 1-based position of the `<` that opens the tag. */
  line: number;
  column: number;
  /** The opening tag as written (`<view class="x" bindtap="go">`). */
  source: string;
}

export interface WxmlText {
  name: '#text';
  text: string;
  line: number;
  column: number;
}

export type WxmlNode = WxmlElement | WxmlText;

export const isElement = (node: WxmlNode): node is WxmlElement => node.name !== '#text';

/** Tags whose content is not markup. */
const RAW_TEXT = new Set(['wxs']);

export function parseWxml(source: string): WxmlElement {
  // Line starts, for turning an offset into line:column.
  const lineStarts = [0];
  for (let index = 0; index < source.length; index++) if (source[index] === '\n') lineStarts.push(index + 1);
  const position = (offset: number) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (lineStarts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - lineStarts[low]! + 1 };
  };

  const root: WxmlElement = { name: '#root', attrs: {}, children: [], line: 1, column: 1, source: '' };
  const open: WxmlElement[] = [root];
  const top = () => open[open.length - 1]!;
  let offset = 0;

  const pushText = (from: number, to: number) => {
    if (to > from) top().children.push({ name: '#text', text: source.slice(from, to), ...position(from) });
  };

  /** Skips a `{{ … }}` starting at `from`; returns the offset after it (or the end). */
  const skipMustache = (from: number) => {
    const end = source.indexOf('}}', from + 2);
    return end === -1 ? source.length : end + 2;
  };

  while (offset < source.length) {
    // Text up to the next `<` that starts markup; mustaches in text may hold `<`.
    let cursor = offset;
    while (cursor < source.length) {
      if (source.startsWith('{{', cursor)) cursor = skipMustache(cursor);
      else if (source[cursor] === '<' && /[a-zA-Z/!]/.test(source[cursor + 1] || '')) break;
      else cursor++;
    }
    pushText(offset, cursor);
    if (cursor >= source.length) break;
    offset = cursor;

    if (source.startsWith('<!--', offset)) {
      const end = source.indexOf('-->', offset + 4);
      offset = end === -1 ? source.length : end + 3;
      continue;
    }
    if (source[offset + 1] === '!') {
      const end = source.indexOf('>', offset);
      offset = end === -1 ? source.length : end + 1;
      continue;
    }

    if (source[offset + 1] === '/') {
      const end = source.indexOf('>', offset);
      const name = source.slice(offset + 2, end === -1 ? source.length : end).trim().toLowerCase();
      offset = end === -1 ? source.length : end + 1;
      const at = open.map((element) => element.name).lastIndexOf(name);
      if (at > 0) open.length = at; // closes it and anything left open inside it
      continue;
    }

    // An opening tag: name, attributes (quoted values may hold `>` and mustaches), `/>`.
    const start = offset;
    const nameMatch = /^<([a-zA-Z][\w:.-]*)/.exec(source.slice(offset, offset + 200))!;
    const element: WxmlElement = { name: nameMatch[1]!.toLowerCase(), attrs: {}, children: [], ...position(start), source: '' };
    offset += nameMatch[0].length;
    let selfClosing = false;
    while (offset < source.length) {
      while (/\s/.test(source[offset] || '')) offset++;
      if (source.startsWith('/>', offset)) {
        selfClosing = true;
        offset += 2;
        break;
      }
      if (source[offset] === '>') {
        offset++;
        break;
      }
      const attrName = /^[^\s=/>]+/.exec(source.slice(offset, offset + 200));
      if (!attrName) {
        offset++; // a stray character (e.g. a lone `/`): skip it
        continue;
      }
      offset += attrName[0].length;
      let value = '';
      let look = offset;
      while (/\s/.test(source[look] || '')) look++;
      if (source[look] === '=') {
        look++;
        while (/\s/.test(source[look] || '')) look++;
        const quote = source[look];
        if (quote === '"' || quote === "'") {
          const end = source.indexOf(quote, look + 1);
          value = source.slice(look + 1, end === -1 ? source.length : end);
          offset = end === -1 ? source.length : end + 1;
        } else {
          const unquoted = /^[^\s>]*/.exec(source.slice(look))![0];
          value = unquoted;
          offset = look + unquoted.length;
        }
      }
      element.attrs[attrName[0]] = value;
    }
    element.source = source.slice(start, offset).replace(/\s+/g, ' ');
    top().children.push(element);
    if (selfClosing) continue;

    if (RAW_TEXT.has(element.name)) {
      const close = source.toLowerCase().indexOf(`</${element.name}`, offset);
      const end = close === -1 ? source.length : close;
      pushTextInto(element, source.slice(offset, end), position(offset));
      const after = close === -1 ? -1 : source.indexOf('>', close);
      offset = after === -1 ? source.length : after + 1;
      continue;
    }
    open.push(element);
  }
  return root;
}

function pushTextInto(element: WxmlElement, text: string, at: { line: number; column: number }) {
  if (text) element.children.push({ name: '#text', text, ...at });
}

/** Every element below `element`, depth first, with its ancestors (nearest last). */
export function* walk(element: WxmlElement, ancestors: WxmlElement[] = []): Generator<{ element: WxmlElement; ancestors: WxmlElement[] }> {
  for (const child of element.children) {
    if (!isElement(child)) continue;
    yield { element: child, ancestors };
    yield* walk(child, [...ancestors, child]);
  }
}
