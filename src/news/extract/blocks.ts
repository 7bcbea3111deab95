/**
 * Turns Readability's article element into text blocks (paragraphs, list items, headings,
 * quotes, captions), each with the layout facts the boilerplate rules need: how much of it is
 * link text, whether it sits in a caption or a list of links, what its containers are called.
 */
import { isElement, normalizedLength, normalizeSpace, TEXT_NODE, type DomElement, type DomNode } from './dom.ts';

export interface Block {
  text: string;
  /** Tag of the nearest block container: p, li, h2, blockquote, figcaption, div… */
  tag: string;
  /** Share of the text inside links, 0..1. */
  linkDensity: number;
  /** Inside a figure, figcaption or table caption: a caption or photo credit. */
  inCaption: boolean;
  /** Inside a list whose items are mostly links (a related-articles or share list). */
  inLinkList: boolean;
  /** Class and id names of the containers, lower-cased, for hints such as "newsletter" or "related". */
  hints: string;
}

const INLINE = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'code', 'data', 'dfn', 'em', 'font', 'i', 'img', 'kbd', 'mark', 'q', 'rp', 'rt', 'ruby', 's', 'samp',
  'small', 'span', 'strike', 'strong', 'sub', 'sup', 'time', 'tt', 'u', 'var', 'wbr', 'del', 'ins', 'label', 'nobr', 'math',
]);
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'svg', 'button', 'select', 'input', 'textarea', 'iframe', 'object', 'embed', 'video', 'audio', 'canvas', 'head', 'title', 'meta', 'link']);
const CAPTION_TAGS = new Set(['figcaption', 'caption', 'figure']);

function tagOf(el: DomElement): string {
  return el.localName.toLowerCase();
}

/** Links under `el`, as querySelectorAll('a') finds them; linkedom's tag lookup walks its node list without a selector. */
function linksIn(el: DomElement): ArrayLike<DomElement> {
  return el.getElementsByTagName('A');
}

function hasBlockChild(el: DomElement, memo: Map<DomElement, boolean>): boolean {
  const known = memo.get(el);
  if (known !== undefined) return known;
  let result = false;
  const kids = el.children;
  for (let i = 0; i < kids.length && !result; i++) {
    const k = kids[i]!;
    const t = tagOf(k);
    if (SKIP.has(t) || t === 'br') continue;
    result = !INLINE.has(t) || hasBlockChild(k, memo);
  }
  memo.set(el, result);
  return result;
}

/** Share of list items that are nothing but a link. */
function listLinkShare(list: DomElement): number {
  const items = list.children;
  let total = 0, linky = 0;
  for (let i = 0; i < items.length; i++) {
    const li = items[i]!;
    if (tagOf(li) !== 'li') continue;
    const textLength = normalizedLength(li.textContent ?? '');
    if (!textLength) continue;
    total++;
    const links = linksIn(li);
    let linkText = 0;
    for (let j = 0; j < links.length; j++) linkText += normalizedLength(links[j]!.textContent ?? '');
    if (linkText / textLength >= 0.9) linky++;
  }
  return total >= 2 ? linky / total : 0;
}

interface Context { tag: string; inCaption: boolean; inLinkList: boolean; hints: string }

export function collectBlocks(root: DomElement): Block[] {
  const blocks: Block[] = [];
  const memo = new Map<DomElement, boolean>();
  let buffer = '';
  let linkChars = 0;

  const flush = (ctx: Context): void => {
    // Two line breaks in a row separate paragraphs that the page did not wrap in <p>.
    let density: number | undefined;
    for (const piece of buffer.split(/\n\s*\n/)) {
      const text = normalizeSpace(piece);
      if (!text) continue;
      density ??= buffer.length ? Math.min(1, linkChars / Math.max(1, normalizedLength(buffer))) : 0;
      blocks.push({ text, tag: ctx.tag, linkDensity: density, inCaption: ctx.inCaption, inLinkList: ctx.inLinkList, hints: ctx.hints });
    }
    buffer = '';
    linkChars = 0;
  };

  const inline = (node: DomNode, inLink: boolean): void => {
    if (node.nodeType === TEXT_NODE) {
      const t = node.textContent ?? '';
      buffer += t;
      if (inLink) linkChars += normalizedLength(t);
      return;
    }
    if (!isElement(node)) return;
    const t = tagOf(node);
    if (SKIP.has(t)) return;
    if (t === 'br') {
      buffer += '\n';
      return;
    }
    for (let kid = node.firstChild; kid; kid = kid.nextSibling) inline(kid, inLink || t === 'a');
  };

  const walk = (el: DomElement, ctx: Context): void => {
    for (let node = el.firstChild; node; node = node.nextSibling) {
      if (!isElement(node)) {
        if (node.nodeType === TEXT_NODE) inline(node, false);
        continue;
      }
      const t = tagOf(node);
      if (SKIP.has(t)) continue;
      if (t === 'br' || (INLINE.has(t) && !hasBlockChild(node, memo))) {
        inline(node, false);
        continue;
      }
      // A block starts: what came before it is a paragraph of its own.
      flush(ctx);
      // camelCase names ("signupMessage") are split like hyphenated ones, so their words can be read.
      const name = `${node.getAttribute('class') ?? ''} ${node.getAttribute('id') ?? ''}`.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase().trim();
      const child: Context = {
        tag: INLINE.has(t) ? ctx.tag : t,
        inCaption: ctx.inCaption || CAPTION_TAGS.has(t),
        // A list of links nested under a point of a prose list ("In progress:" then the bug links)
        // is that point's detail; related and menu lists stand on their own or nest in link lists.
        inLinkList: ctx.inLinkList || ((t === 'ul' || t === 'ol') && ctx.tag !== 'li' && listLinkShare(node) >= 0.7),
        hints: name ? `${ctx.hints} ${name}` : ctx.hints,
      };
      if (t === 'tr') {
        // A table row reads as one line: its cells side by side.
        const cells: string[] = [];
        for (let j = 0; j < node.children.length; j++) {
          const cell = normalizeSpace(node.children[j]!.textContent ?? '');
          if (cell) cells.push(cell);
        }
        if (cells.length) {
          const links = linksIn(node);
          let linkText = 0;
          for (let j = 0; j < links.length; j++) linkText += normalizedLength(links[j]!.textContent ?? '');
          const text = cells.join(' ');
          blocks.push({ text, tag: 'tr', linkDensity: Math.min(1, linkText / text.length), inCaption: child.inCaption, inLinkList: false, hints: child.hints });
        }
      } else if (t === 'a') {
        // A block-level link (a teaser card): everything inside is link text.
        const before = blocks.length;
        walk(node, child);
        flush(child);
        for (let j = before; j < blocks.length; j++) blocks[j]!.linkDensity = 1;
      } else {
        walk(node, child);
        flush(child);
      }
    }
  };

  const rootCtx: Context = { tag: 'div', inCaption: false, inLinkList: false, hints: '' };
  walk(root, rootCtx);
  flush(rootCtx);
  return blocks;
}
