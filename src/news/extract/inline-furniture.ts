/**
 * Page furniture that sits inside the story's own markup, where the block rules (which judge whole
 * paragraphs) cannot tell it from the story. Both are found before Readability runs:
 *
 * - Captions in plain elements named for what they are ("caption-text", "image-caption", "cutline",
 *   "wp-caption-text", "credit"). Readability turns a <div> of phrasing content into a <p> and then
 *   replaces a wrapper by its single <p>, and the name goes with it; a caption then reads as the first
 *   paragraph of the story. Renamed <figcaption>, it stays a caption whatever Readability does.
 * - Hover cards: a name in a sentence followed by an inline card (hidden until the reader hovers) that
 *   repeats the name and lists headlines about that person. Its text would be glued into the sentence
 *   ("Rep. Jane DoeJane Ann DoeHeadline one Headline two MORE (D-Ohio) said…"). Recognised by shape,
 *   not by a site's class names: an inline element that is nearly all links, at least three of them,
 *   whose first link is a short name sharing a capitalised word with the text right before the card.
 */
import { findElements, isElement, normalizeSpace, type DomDocument, type DomElement, type DomNode } from './dom.ts';

/** Words of a class or id that name a caption or a photo credit. */
const CAPTION_WORDS = new Set(['caption', 'captions', 'cutline', 'cutlines', 'credit', 'credits', 'photocredit', 'imagecredit']);
/** "has-caption", "with-caption", "no-caption": a container that holds (or lacks) a caption, not the caption. */
const NOT_THE_CAPTION = new Set(['has', 'with', 'no', 'without', 'hide', 'hidden', 'show', 'toggle']);
/**
 * "dnd-caption-wrapper", "caption-container": the name of a box around a caption, which a CMS also uses as
 * the box of other things (a pull quote, a video title). Left to the block rules, which judge its text.
 */
const CONTAINER_WORDS = new Set(['wrapper', 'wrap', 'container', 'outer', 'holder', 'box', 'area']);
/** A caption is a line or two; a longer element named so is a container and is left to the block rules. */
const CAPTION_MAX_WORDS = 80;
const CAPTION_TAGS = new Set(['div', 'p', 'span', 'small']);
/** Shorter than this, without a sentence's last mark, a line is a label: the summarizer never takes it for a sentence. */
const LABEL_MAX_WORDS = 10;
/** As the summarizer reads a line's end (summarize.ts, looksLikeFurniture). */
const SENTENCE_END = /[.!?…"”’)]$/;
const MEDIA_TAGS = ['IMG', 'PICTURE', 'VIDEO', 'IFRAME', 'FIGURE'];

/** Words of a class or id: "wp-caption-text" → wp caption text; "imageCaption" → image caption; "body___2BbXy" → body. */
export function nameWords(name: string): string[] {
  return name
    .replace(/_{2,}[A-Za-z0-9]{4,6}$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

function namesCaption(el: DomElement): boolean {
  const names = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`.trim();
  if (!names) return false;
  for (const name of names.split(/\s+/)) {
    const words = nameWords(name);
    const at = words.findIndex((w) => CAPTION_WORDS.has(w));
    if (at >= 0 && !words.slice(0, at).some((w) => NOT_THE_CAPTION.has(w)) && !CONTAINER_WORDS.has(words[at + 1] ?? '')) return true;
  }
  return false;
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** Whether `el` is a caption element named as such (call only for elements that have a class or id). */
export function isNamedCaption(el: DomElement, tag: string): boolean {
  if (!CAPTION_TAGS.has(tag) || !namesCaption(el)) return false;
  // A wrapper of the picture and its caption ("wp-caption") is left alone: renaming it would change how
  // Readability scores the article around the picture; the caption inside it is named too.
  for (const media of MEDIA_TAGS) if (el.getElementsByTagName(media).length > 0) return false;
  const text = normalizeSpace(el.textContent ?? '');
  const words = wordCount(text);
  if (words === 0 || words > CAPTION_MAX_WORDS) return false;
  // A figure's title or a source ("Map: Where the fighters came from", "Facebook") cannot pass for a sentence of
  // the story, which is all the renaming guards against; the block rules judge it where it stands.
  return words >= LABEL_MAX_WORDS || SENTENCE_END.test(text);
}

interface Retaggable extends DomElement {
  readonly ownerDocument: { createElement(tag: string): Retaggable };
  readonly attributes: ArrayLike<{ name: string; value: string }>;
  readonly parentNode: (DomNode & { replaceChild(node: unknown, old: unknown): unknown }) | null;
  appendChild(node: DomNode): DomNode;
  setAttribute(name: string, value: string): void;
}

/** The element as a <figcaption> with the same children and attributes, in its place. */
export function renameToFigcaption(el: DomElement): void {
  const node = el as Retaggable;
  if (!node.parentNode) return;
  const caption = node.ownerDocument.createElement('figcaption');
  for (let i = 0; i < node.attributes.length; i++) caption.setAttribute(node.attributes[i]!.name, node.attributes[i]!.value);
  while (node.firstChild) caption.appendChild(node.firstChild);
  node.parentNode.replaceChild(caption, node);
}

const CARD_MIN_LINKS = 3;
const CARD_LINK_SHARE = 0.8;
const NAME_MAX_WORDS = 5;

/** The text just before `el` in its sentence: preceding siblings, climbing out of inline wrappers. */
function textBefore(el: DomElement, max = 120): string {
  let out = '';
  let node: DomNode | null = el;
  while (node && out.length < max) {
    let prev = previousSibling(node);
    while (prev && out.length < max) {
      out = (prev.textContent ?? '') + out;
      prev = previousSibling(prev);
    }
    const parent: DomNode | null = node.parentNode;
    if (!parent || !isElement(parent) || !/^(span|a|b|strong|em|i)$/.test(parent.localName.toLowerCase())) break;
    node = parent;
  }
  return normalizeSpace(out.slice(-max));
}

function previousSibling(node: DomNode): DomNode | null {
  const parent = node.parentNode;
  if (!parent) return null;
  const kids = parent.childNodes;
  for (let i = 0; i < kids.length; i++) if (kids[i] === node) return i > 0 ? kids[i - 1]! : null;
  return null;
}

const INLINE_PARENTS = /^(span|a|b|strong|em|i|u|small|font|mark|abbr|cite|q|label)$/;

/** The nearest ancestor that is not an inline element: the paragraph the card sits in. */
function enclosingBlock(el: DomElement): DomElement | null {
  let node: DomNode | null = el.parentNode;
  while (node && isElement(node) && INLINE_PARENTS.test(node.localName.toLowerCase())) node = node.parentNode;
  return node && isElement(node) ? node : null;
}

const CAPITALISED = /^\p{Lu}[\p{L}'’-]{2,}$/u;

/** Whether `el` (an inline element with child elements) is a hover card glued after a name. */
export function isHoverCard(el: DomElement): boolean {
  const links = el.getElementsByTagName('A');
  if (links.length < CARD_MIN_LINKS) return false;
  const text = normalizeSpace(el.textContent ?? '');
  if (!text) return false;
  let linkChars = 0;
  for (let i = 0; i < links.length; i++) linkChars += normalizeSpace(links[i]!.textContent ?? '').length;
  if (linkChars < text.length * CARD_LINK_SHARE) return false;
  // The card sits inside a sentence: its paragraph has words of its own besides the card.
  const block = enclosingBlock(el);
  if (!block || normalizeSpace(block.textContent ?? '').length <= text.length + 10) return false;
  const name = normalizeSpace(links[0]!.textContent ?? '');
  const nameWordsList = name.split(' ');
  if (!name || nameWordsList.length > NAME_MAX_WORDS) return false;
  const before = textBefore(el).split(' ').slice(-NAME_MAX_WORDS);
  const capitalised = new Set(before.map((w) => w.replace(/[^\p{L}'’-]/gu, '')).filter((w) => CAPITALISED.test(w)));
  return nameWordsList.some((w) => capitalised.has(w.replace(/[^\p{L}'’-]/gu, '')));
}

/**
 * Whether an element could be a card (cheap test for every element): an inline <span> with child elements
 * and something before it. A card lives inside a sentence; a block of links after a heading (a table of
 * contents) is a <div> or a list and is left to the block rules.
 */
export function mayBeHoverCard(el: DomElement, tag: string): boolean {
  return tag === 'span' && el.firstElementChild !== null && previousSibling(el) !== null;
}

/** Candidates gathered during a walk over the page, fixed after it (changing the tree mid-walk would upset the walk). */
export class InlineFurniture {
  private readonly captions: DomElement[] = [];
  private readonly cards: DomElement[] = [];

  /** Looks at one element of the walk. */
  visit(el: DomElement, tag: string): void {
    if (mayBeHoverCard(el, tag)) this.cards.push(el);
    if (el.hasAttributes() && isNamedCaption(el, tag)) this.captions.push(el);
  }

  /** Removes the hover cards and renames the captions found. */
  fix(): void {
    for (const el of this.cards) if (el.parentNode && isHoverCard(el)) el.remove();
    for (const el of this.captions) if (el.parentNode) renameToFigcaption(el);
  }
}

/** The same fixes on a whole document, in one walk of its own. */
export function fixInlineFurniture(doc: DomDocument): DomDocument {
  const found = new InlineFurniture();
  findElements(doc, (el, tag) => {
    found.visit(el, tag);
    return false;
  });
  found.fix();
  return doc;
}
