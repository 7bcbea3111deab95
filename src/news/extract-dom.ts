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
}

export interface DomElement extends DomNode {
  readonly tagName: string;
  readonly children: ArrayLike<DomElement>;
  getAttribute(name: string): string | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  remove(): void;
}

export interface DomDocument {
  readonly documentElement: DomElement | null;
  readonly body: DomElement | null;
  readonly head: DomElement | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}

export const ELEMENT_NODE = 1;
export const TEXT_NODE = 3;

export function parseDocument(html: string): DomDocument {
  return parseHTML(html).document as unknown as DomDocument;
}

export function isElement(node: DomNode): node is DomElement {
  return node.nodeType === ELEMENT_NODE;
}

/** Collapses runs of whitespace (including no-break spaces) and drops invisible characters. */
export function normalizeSpace(text: string): string {
  return text
    .replace(/\u200b|\u2060|\ufeff|\u00ad/g, '')
    .replace(/[\s\u00a0\u3000]+/g, ' ')
    .trim();
}
