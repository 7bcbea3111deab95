/**
 * The small slice of the DOM that extraction uses, typed structurally so the code does not
 * depend on the browser's lib.dom types (this project compiles without them) nor on one DOM
 * implementation. linkedom is what runs in production (chosen by measurement, see bench/dom-compare.ts).
 */
import { parseHTML } from 'linkedom';

export interface DomNode {
  readonly nodeType: number;
  readonly nodeName: string;
  readonly textContent: string | null;
  readonly childNodes: ArrayLike<DomNode>;
  readonly parentNode: DomNode | null;
  readonly firstChild: DomNode | null;
  readonly nextSibling: DomNode | null;
}

export interface DomElement extends DomNode {
  readonly tagName: string;
  readonly localName: string;
  readonly children: ArrayLike<DomElement>;
  readonly firstElementChild: DomElement | null;
  readonly nextElementSibling: DomElement | null;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  hasAttributes(): boolean;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  getElementsByTagName(name: string): ArrayLike<DomElement>;
  remove(): void;
}

export interface DomDocument {
  readonly documentElement: DomElement | null;
  readonly firstElementChild: DomElement | null;
  readonly body: DomElement | null;
  readonly head: DomElement | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  getElementsByTagName(name: string): ArrayLike<DomElement>;
}

export const ELEMENT_NODE = 1;
export const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;

export function parseDocument(html: string): DomDocument {
  return parseHTML(html).document as unknown as DomDocument;
}

/**
 * The elements under `root` (not `root` itself) that pass `test` (given the element and its tag in
 * lower case), in document order, stopping after `limit`. A walk like linkedom's querySelectorAll,
 * which also skips <template> content, without what that costs: it compiles the selector on every
 * call and runs the compiled matcher on every element.
 */
export function findElements(root: DomElement | DomDocument, test: (el: DomElement, tag: string) => boolean, limit = Infinity): DomElement[] {
  const found: DomElement[] = [];
  if (limit <= 0) return found;
  let el = root.firstElementChild;
  while (el) {
    const tag = el.localName.toLowerCase();
    if (test(el, tag) && found.push(el) >= limit) break;
    let next = tag === 'template' ? null : el.firstElementChild;
    while (!next && el && el !== root) {
      next = el.nextElementSibling;
      if (!next) el = el.parentNode as DomElement | null;
    }
    el = next;
  }
  return found;
}

/** `querySelectorAll` for a list of tag names (lower case): the same elements in the same order. */
export function elementsByTag(root: DomElement | DomDocument, tags: ReadonlySet<string>, limit = Infinity): DomElement[] {
  return findElements(root, (_el, tag) => tags.has(tag), limit);
}

const VISIBLE = /\S/;

/** Whether any text under `node` is more than whitespace: `textContent.trim() !== ''`, but stops at the first word instead of copying out all the text. */
export function hasText(node: DomNode): boolean {
  for (let child = node.firstChild; child; child = child.nextSibling) {
    const type = child.nodeType;
    if (type === TEXT_NODE || type === CDATA_SECTION_NODE) {
      if (VISIBLE.test(child.textContent ?? '')) return true;
    } else if (type === ELEMENT_NODE && hasText(child)) {
      return true;
    }
  }
  return false;
}

/**
 * `normalizeSpace(node.textContent)` when that is at most `max` characters long, else null; stops
 * reading as soon as the text is known to be longer, rather than copying out a whole section's text
 * to find that out. (Normalising more text never gives a shorter result, so a prefix that is already
 * too long settles it.)
 */
export function shortText(node: DomNode, max: number): string | null {
  let text = '';
  let checkAt = max;
  let at = node.firstChild;
  while (at) {
    const type = at.nodeType;
    if (type === TEXT_NODE || type === CDATA_SECTION_NODE) {
      text += at.textContent ?? '';
      if (text.length > checkAt) {
        if (normalizeSpace(text).length > max) return null;
        checkAt = text.length * 2;
      }
    } else if (type === ELEMENT_NODE && at.firstChild) {
      at = at.firstChild;
      continue;
    }
    // On to the next node in document order that is still under `node`.
    while (at && at !== node && !at.nextSibling) at = at.parentNode;
    at = at && at !== node ? at.nextSibling : null;
  }
  const normal = normalizeSpace(text);
  return normal.length > max ? null : normal;
}

export function isElement(node: DomNode): node is DomElement {
  return node.nodeType === ELEMENT_NODE;
}

/** JavaScript's whitespace: what trim() removes and \\s matches. */
export function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** `normalizeSpace(text).length`, counted without building the string. */
export function normalizedLength(text: string): number {
  let length = 0;
  let inSpace = false;
  let started = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x200b || c === 0x2060 || c === 0xfeff || c === 0xad) continue;
    if (isSpace(c)) {
      inSpace = true;
      continue;
    }
    if (started && inSpace) length++;
    length++;
    started = true;
    inSpace = false;
  }
  return length;
}

/** Collapses runs of whitespace (including no-break spaces) and drops invisible characters. */
export function normalizeSpace(text: string): string {
  return text
    .replace(/\u200b|\u2060|\ufeff|\u00ad/g, '')
    .replace(/[\s\u00a0\u3000]+/g, ' ')
    .trim();
}
