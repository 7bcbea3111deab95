/**
 * Runs @mozilla/readability on a linkedom document without the two serialisations it does on
 * every page and with cheaper stand-ins for its costliest helpers, giving the same article.
 *
 * Readability 0.6 starts each `_grabArticle` by saving `page.innerHTML` (the whole body as a string)
 * so that it can restore the page and retry with looser flags when the first pass finds under
 * 500 characters, and after a pass it builds `"Grabbed: " + articleContent.innerHTML` for a debug
 * log that is discarded when debugging is off. On the corpus the first pass succeeds on ~90% of
 * pages, so the saved body is almost never read, yet serialising it is one of the larger costs of a
 * parse. Here the save is a token, and only when Readability really restores the page is the body
 * rebuilt: from a fresh parse of the same HTML put through the same preparation Readability gave
 * the first one (see bench/eval/extraction.ts, which checks the output against plain Readability).
 */
import { Readability } from '@mozilla/readability';
import { elementsByTag, findElements, hasText, isSpace, ELEMENT_NODE, TEXT_NODE, type DomDocument, type DomElement, type DomNode } from './dom.ts';

export interface ReadabilityArticle {
  title: string | null | undefined;
  byline: string | null | undefined;
  lang: string | null | undefined;
  siteName: string | null | undefined;
  publishedTime: string | null | undefined;
  /** The article element, still attached to the document's tree of nodes. */
  content: DomElement | null | undefined;
}

/**
 * The internals used here, as @mozilla/readability 0.6.0 has them. package.json pins that exact version
 * ("0.6.0", no range), because these are not public API: before moving to another version, check each one
 * against its source and run bench/eval/extraction.ts, which compares the output with plain Readability.
 */
interface ReadabilityInternals {
  _grabArticle(page?: unknown): DomElement | null;
  _unwrapNoscriptImages(doc: DomDocument): void;
  _removeScripts(doc: unknown): void;
  _prepDocument(): void;
  _getAllNodesWithTag(node: DomElement | DomDocument, tagNames: string[]): ArrayLike<DomElement>;
  _isElementWithoutContent(node: DomNode): boolean;
  _isValidByline(node: DomElement, matchString: string): boolean;
  _isProbablyVisible(node: DomElement): boolean;
  _fixRelativeUris(articleContent: DomElement): void;
  _getLinkDensity(element: DomElement): number;
  _prepArticle(articleContent: DomElement): void;
  REGEXPS: { byline: RegExp; hashUrl: RegExp };
  _doc: { createTextNode(text: string): unknown; createElement(tag: string): unknown };
}

interface MovableNode {
  readonly firstChild: MovableNode | null;
  appendChild(node: MovableNode): MovableNode;
}

interface ReplaceableNode extends MovableNode {
  readonly parentNode: { replaceChild(node: unknown, old: unknown): unknown };
}

type ReadabilityDoc = ConstructorParameters<typeof Readability>[0];

const SAVED_PAGE = '\u0000readability:saved-page\u0000';

function innerHtmlAccessors(el: object): PropertyDescriptor | undefined {
  for (let proto = Object.getPrototypeOf(el) as object | null; proto; proto = Object.getPrototypeOf(proto) as object | null) {
    const d = Object.getOwnPropertyDescriptor(proto, 'innerHTML');
    if (d?.get && d.set) return d;
  }
  return undefined;
}

const tagSets = new Map<string, ReadonlySet<string>>();

function tagSet(tagNames: string[]): ReadonlySet<string> {
  const key = tagNames.join(',');
  let set = tagSets.get(key);
  if (!set) tagSets.set(key, (set = new Set(tagNames.map((t) => t.toLowerCase()))));
  return set;
}

const LINK = new Set(['a']);
/** Tags Readability creates while it cleans an article (retagged paragraphs and headings, unwrapped lazy images). */
const CREATED_WHILE_CLEANING = new Set(['p', 'div', 'span', 'h2', 'img']);

function tagsUnder(root: DomElement): Set<string> {
  const tags = new Set<string>();
  findElements(root, (_el, tag) => {
    tags.add(tag);
    return false;
  });
  return tags;
}

const IMAGE_FILE = /\.(jpg|jpeg|png|webp)/i;
const CDATA_SECTION_NODE = 4;

/** What one text node adds to a trimmed, space-collapsed length: its words and the single spaces between them, and whether it starts or ends with space. */
interface TextShare {
  inner: number;
  startsWithSpace: boolean;
  endsWithSpace: boolean;
  hasWords: boolean;
}

function shareOf(text: string): TextShare {
  let inner = 0;
  let inSpace = false;
  let hasWords = false;
  for (let i = 0; i < text.length; i++) {
    if (isSpace(text.charCodeAt(i))) {
      inSpace = true;
      continue;
    }
    if (hasWords && inSpace) inner++;
    inner++;
    hasWords = true;
    inSpace = false;
  }
  return { inner, startsWithSpace: text.length > 0 && isSpace(text.charCodeAt(0)), endsWithSpace: text.length > 0 && inSpace, hasWords };
}

/**
 * The length of `text.trim().replace(/\\s{2,}/g, ' ')` (Readability's inner text) for text that
 * arrives in pieces, without joining them.
 */
class InnerTextLength {
  length = 0;
  private started = false;
  private gap = false;

  add(share: TextShare): void {
    if (!share.hasWords) {
      if (share.startsWithSpace && this.started) this.gap = true;
      return;
    }
    if (this.started && (this.gap || share.startsWithSpace)) this.length++;
    this.length += share.inner;
    this.started = true;
    this.gap = share.endsWithSpace;
  }
}

/**
 * Readability's helpers that cost the most on linkedom, replaced by ones that give it the same
 * answers for less work. Each keeps the original's result; only how it gets there changes.
 */
function withFasterHelpers(r: ReadabilityInternals, absent: ReadonlySet<string>): void {
  // Its version is querySelectorAll, which linkedom answers by compiling a selector on every call.
  // For one tag, getElementsByTagName walks linkedom's node list directly; given the name in upper
  // case it also finds the elements Readability creates with upper-case names ("P", "DIV"), as a
  // selector does. (Unlike a selector it looks inside <template>s, but those are removed before Readability runs.)
  // Tags the caller removed (scripts, styles…) are not looked for: Readability never creates them.
  // Nor, while it cleans the article, tags the article does not have: it asks for a dozen kinds
  // (embeds, form fields, footers…), several for every container, and most articles have none.
  let inArticle: ReadonlySet<string> | null = null;
  const missing = (tag: string): boolean => {
    const name = tag.toLowerCase();
    return absent.has(name) || (inArticle !== null && !inArticle.has(name) && !CREATED_WHILE_CLEANING.has(name));
  };
  r._getAllNodesWithTag = (node, tagNames) => {
    if (tagNames.every(missing)) return [];
    return tagNames.length === 1 ? node.getElementsByTagName(tagNames[0]!.toUpperCase()) : elementsByTag(node, tagSet(tagNames));
  };
  const prepArticle = r._prepArticle.bind(r);
  r._prepArticle = (content) => {
    inArticle = tagsUnder(content);
    try {
      prepArticle(content);
    } finally {
      inArticle = null;
    }
  };

  // Its first step drops images with nothing that could name a picture; its second unwraps
  // <noscript> images, a walk over the whole page for nothing when the caller removed them all.
  const unwrap = r._unwrapNoscriptImages.bind(r);
  r._unwrapNoscriptImages = (doc) => {
    if (!absent.has('noscript')) return unwrap(doc);
    for (const img of Array.from(doc.getElementsByTagName('img'))) {
      // One read of img.attributes: linkedom builds a new list on each.
      const attributes = (img as unknown as { attributes: ArrayLike<{ name: string; value: string }> }).attributes;
      let namesPicture = false;
      for (let i = 0; i < attributes.length && !namesPicture; i++) {
        const { name, value } = attributes[i]!;
        namesPicture = name === 'src' || name === 'srcset' || name === 'data-src' || name === 'data-srcset' || IMAGE_FILE.test(value);
      }
      if (!namesPicture) img.remove();
    }
  };

  // Asked of most containers in the first pass, on the whole of each one's text; the answer is
  // almost always "no", which the first word settles.
  const withoutContent = r._isElementWithoutContent.bind(r);
  r._isElementWithoutContent = (node) => node.nodeType === ELEMENT_NODE && !hasText(node) && withoutContent(node);

  // Measures the text of every element it is asked about before checking whether the element
  // could be a byline at all; the check is cheap and nearly always says no.
  const validByline = r._isValidByline.bind(r);
  r._isValidByline = (node, matchString) => {
    const itemprop = node.getAttribute('itemprop');
    const candidate = node.getAttribute('rel') === 'author' || (!!itemprop && itemprop.includes('author')) || r.REGEXPS.byline.test(matchString);
    return candidate && validByline(node, matchString);
  };

  // Reading element.style makes linkedom build a style object for the element; without a style
  // attribute there is nothing in it to find.
  const visible = r._isProbablyVisible.bind(r);
  r._isProbablyVisible = (node) => {
    if (!node.hasAttributes()) return true;
    if (node.hasAttribute('style') || node.getAttribute('aria-hidden') === 'true') return visible(node);
    return !node.hasAttribute('hidden');
  };

  // Asked of every scoring candidate (each ancestor of each paragraph) and more; the original
  // copies out the element's whole text and then each link's, only to measure their lengths. This
  // measures them in one walk, reading each text node's characters once per parse.
  const shares = new Map<DomNode, TextShare>();
  r._getLinkDensity = (element) => {
    const total = new InnerTextLength();
    const links: { length: InnerTextLength; weight: number }[] = [];
    const inside: InnerTextLength[] = [];
    const visit = (parent: DomNode): void => {
      for (let node = parent.firstChild; node; node = node.nextSibling) {
        const type = node.nodeType;
        if (type === TEXT_NODE || type === CDATA_SECTION_NODE) {
          let share = shares.get(node);
          if (!share) shares.set(node, (share = shareOf(node.textContent ?? '')));
          total.add(share);
          for (const link of inside) link.add(share);
        } else if (type === ELEMENT_NODE) {
          const el = node as DomElement;
          if (el.localName !== 'a') {
            visit(el);
            continue;
          }
          const href = el.getAttribute('href');
          const length = new InnerTextLength();
          links.push({ length, weight: href && r.REGEXPS.hashUrl.test(href) ? 0.3 : 1 });
          inside.push(length);
          visit(el);
          inside.pop();
        }
      }
    };
    visit(element);
    if (total.length === 0) return 0;
    let linkLength = 0;
    for (const link of links) linkLength += link.length.length * link.weight;
    return linkLength / total.length;
  };

  // Making link and image addresses absolute matters to a reader showing the HTML; we read only
  // the text. What does change the text is kept: a javascript: link stops being a link.
  r._fixRelativeUris = (content) => {
    for (const link of elementsByTag(content, LINK)) {
      if (!link.getAttribute('href')?.startsWith('javascript:')) continue;
      const node = link as unknown as ReplaceableNode;
      const kids = link.childNodes;
      if (kids.length === 1 && kids[0]!.nodeType === TEXT_NODE) {
        node.parentNode.replaceChild(r._doc.createTextNode(link.textContent ?? ''), link);
      } else {
        const span = r._doc.createElement('span') as MovableNode;
        while (node.firstChild) span.appendChild(node.firstChild);
        node.parentNode.replaceChild(span, link);
      }
    }
  };
}

function reader(doc: DomDocument, absent: ReadonlySet<string>): Readability<DomElement> & ReadabilityInternals {
  // Readability's types name the browser's Document; linkedom provides what it uses.
  const r = new Readability<DomElement>(doc as unknown as ReadabilityDoc, {
    keepClasses: true,
    serializer: (node) => node as unknown as DomElement,
  }) as Readability<DomElement> & ReadabilityInternals;
  withFasterHelpers(r, absent);
  return r;
}

/**
 * Readability's parse of `doc` (which it rewrites). `fresh` must return a new parse of the same
 * document in the state `doc` was handed over in; it is called only when Readability retries.
 * `absent`: tags (lower case) the caller has removed from the document, which need not be looked for.
 */
export function runReadability(doc: DomDocument, fresh: () => DomDocument, absent: ReadonlySet<string> = new Set()): ReadabilityArticle | null {
  const r = reader(doc, absent);
  const body = doc.body;
  const accessors = body ? innerHtmlAccessors(body) : undefined;
  const grabbed: DomElement[] = [];

  if (body && accessors) {
    Object.defineProperty(body, 'innerHTML', {
      configurable: true,
      get: () => SAVED_PAGE,
      set: (html: string) => {
        if (html !== SAVED_PAGE) {
          accessors.set!.call(body, html);
          return;
        }
        // A retry: the body as it was when Readability saved it.
        const copy = fresh();
        const prep = reader(copy, absent);
        prep._unwrapNoscriptImages(copy);
        prep._removeScripts(copy);
        prep._prepDocument();
        // Moving the copy's nodes over is cheaper than serialising it and parsing the string again.
        accessors.set!.call(body, '');
        const from = copy.body as unknown as MovableNode | null;
        const to = body as unknown as MovableNode;
        while (from?.firstChild) to.appendChild(from.firstChild);
      },
    });
    const grab = r._grabArticle.bind(r);
    r._grabArticle = (page?: unknown) => {
      const el = grab(page);
      // Only the discarded "Grabbed: …" log reads this; the article itself is handed back as a node.
      if (el) {
        Object.defineProperty(el, 'innerHTML', { configurable: true, get: () => '' });
        grabbed.push(el);
      }
      return el;
    };
  }

  try {
    return r.parse();
  } catch {
    return null;
  } finally {
    if (body && accessors) delete (body as unknown as Record<string, unknown>)['innerHTML'];
    for (const el of grabbed) delete (el as unknown as Record<string, unknown>)['innerHTML'];
  }
}
