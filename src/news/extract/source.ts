import { decodeHTML } from 'entities';

/**
 * The page's HTML trimmed before it is parsed, because linkedom's cost is per node: every node
 * is an object with its own listener map, and Readability walks all of them several times.
 * Only what cannot reach the article's text goes.
 */

/**
 * Scripts (other than JSON-LD, which the metadata reads), style sheets, comments, inline vector
 * art, noscript and template content: often half of a news page's bytes. Also <link> tags, which
 * extraction removes after parsing anyway, except one naming an author: the metadata's byline
 * lookup takes the first element with rel or itemprop "author", and such a link is that element.
 */
const INERT =
  `<script\\b(?![^>]*application/ld\\+json)[^>]*>[\\s\\S]*?</script\\s*>|<style\\b[^>]*>[\\s\\S]*?</style\\s*>|<!--[\\s\\S]*?-->` +
  `|<(svg|noscript|template)\\b[^>]*>[\\s\\S]*?</\\1\\s*>` +
  `|(<link\\b(?:[^>"']|"[^"]*"|'[^']*')*>)`;
const NAMES_AUTHOR = /author/i;

/**
 * Attributes are nodes too, each as costly as an element, and a fifth of them are ones nothing in
 * extraction reads (data-*, event handlers, aria-* other than aria-hidden and aria-modal, title,
 * target…). Everything not named here stays. Readability reads every attribute of images and
 * embeds (looking for lazy-loaded sources and allowed video hosts), so those tags keep all theirs.
 */
const UNREAD = new Set(
  ('title target tabindex alt value placeholder for action method hreflang sizes media crossorigin as itemtype itemscope xmlns ' +
    'autocomplete width height align valign bgcolor border cellpadding cellspacing frameborder allowfullscreen loading decoding ' +
    'referrerpolicy integrity nonce draggable spellcheck translate accesskey contenteditable autofocus novalidate enctype ' +
    'maxlength minlength pattern required disabled checked selected readonly multiple size cols rows wrap label shape coords ' +
    'download ping async defer nomodule fetchpriority slot part').split(' '),
);
const UNREAD_PREFIX = /^(?:data-|on[a-z]|aria-(?!hidden$|modal$))/;
const ALL_ATTRIBUTES_READ = new Set(['img', 'picture', 'figure', 'source', 'video', 'audio', 'iframe', 'embed', 'object']);
// Only a start tag whose attributes this pattern reads unambiguously is rewritten; anything odder is left to the parser as it is.
const ATTRIBUTE = `[^\\s"'>/=]+(?:\\s*=\\s*(?:"[^"]*"|'[^']*'|[^\\s"'=<>\`]+))?`;
const START_TAG = `<([a-zA-Z][a-zA-Z0-9-]*)((?:\\s+${ATTRIBUTE})+)(\\s*/?>)`;
const EACH_ATTRIBUTE = new RegExp(`\\s+(${ATTRIBUTE})`, 'g');

/** A quick look for any name that might go, before taking the attributes apart one by one. */
const MAYBE_UNREAD = new RegExp(`\\s(?:data-|on[a-z]|aria-|${[...UNREAD].join('|')})`, 'i');

function withoutUnreadAttributes(tag: string, name: string, attributes: string, end: string): string {
  if (!MAYBE_UNREAD.test(attributes) || ALL_ATTRIBUTES_READ.has(name.toLowerCase())) return tag;
  let dropped = false;
  const kept = attributes.replace(EACH_ATTRIBUTE, (all: string, attribute: string) => {
    const eq = attribute.indexOf('=');
    const key = (eq < 0 ? attribute : attribute.slice(0, eq)).trim().toLowerCase();
    if (!UNREAD.has(key) && !UNREAD_PREFIX.test(key)) return all;
    dropped = true;
    return '';
  });
  return dropped ? `<${name}${kept}${end}` : tag;
}

// Both in one pass: each pass copies the whole page.
const INERT_OR_START_TAG = new RegExp(`${INERT}|${START_TAG}`, 'gi');

function withoutInertContent(html: string): string {
  return html.replace(
    INERT_OR_START_TAG,
    (match: string, _inert: string | undefined, link: string | undefined, name: string | undefined, attributes: string, end: string) => {
      if (link) return NAMES_AUTHOR.test(link) ? link : '';
      return name === undefined ? '' : withoutUnreadAttributes(match, name, attributes, end);
    },
  );
}

/** Elements that start a new line of their own, so spacing between two of their tags is layout, not text. */
const BLOCK_TAGS =
  'html|head|body|title|meta|link|base|script|div|p|ul|ol|li|dl|dt|dd|table|thead|tbody|tfoot|tr|td|th|caption|colgroup|col|' +
  'section|article|aside|header|footer|nav|main|figure|figcaption|h[1-6]|hgroup|blockquote|form|fieldset|hr|address|details|summary|center|menu|dialog';
const TAG_BODY = `(?:[^>"']|"[^"]*"|'[^']*')*`;
const HTML_SPACE = '[ \\t\\n\\r\\f]+';

const ANY_TAG = '</?[a-zA-Z]';

/**
 * One pass over the page, matching in turn: a <pre> or <textarea>, kept as it is (its spacing is
 * its content); a run of spacing after a block tag, or before a block's end tag; the start of a run
 * of text. In all of those a block boundary already lies between the text before and the text
 * after. Spacing between inline content and the start of a block stays: if Readability removes
 * that block (an ad, a hidden box), the spacing is what keeps the words around it apart.
 */
const LAYOUT = new RegExp(
  `(<(pre|textarea)\\b[\\s\\S]*?</\\2\\s*>)` +
    `|(</?(?:${BLOCK_TAGS})\\b${TAG_BODY}>)${HTML_SPACE}(?=${ANY_TAG})` +
    `|(${ANY_TAG}${TAG_BODY}>)${HTML_SPACE}(?=</(?:${BLOCK_TAGS})\\b)` +
    `|>(?=[^<])`,
  'gi',
);
const STARTS_WITH_SPACE = /[ \t\n\r\f]/;
const ONLY_SPACE = /^[ \t\n\r\f]*$/;

/**
 * Drops the indentation between block tags: about two thirds of a page's text nodes are nothing
 * else. That spacing is what keeps the text of one block apart from the next in `textContent`
 * ("Patch Size" + "(% vs original)" in two cells of a row), which Readability and our rules read,
 * so one space goes back at the start of the next text, where it joins a text node that is
 * there anyway instead of making a node of its own.
 */
function withoutLayoutSpace(html: string, beforeKept = false): string {
  let owed = false;
  const result = html.replace(LAYOUT, (match: string, kept: string | undefined, _pre: string | undefined, blockFirst: string | undefined, blockNext: string | undefined, offset: number) => {
    if (kept) {
      owed = false;
      return kept;
    }
    const tag = blockFirst ?? blockNext;
    if (tag) {
      owed = true;
      return tag;
    }
    // A '>' with text after it (possibly inside a quoted attribute value, where a space does no harm).
    if (!owed) return match;
    if (!STARTS_WITH_SPACE.test(html.charAt(offset + 1))) {
      owed = false;
      return '> ';
    }
    // Spacing next to an inline tag stays, but Readability drops such nodes when it rebuilds a
    // block, so only text with words in it settles what is owed.
    const end = html.indexOf('<', offset + 1);
    if (!ONLY_SPACE.test(html.slice(offset + 1, end < 0 ? html.length : end))) owed = false;
    return match;
  });
  // The text that is owed a space lies in a kept element, whose text must stay as it was: the space goes just before it.
  return beforeKept && owed ? `${result} ` : result;
}

/**
 * A few of Readability's rules measure an element's raw text, spacing included: a byline must be
 * under 100 characters, a "share" box under 500, and a heading must equal the title to be taken as
 * it. Dropping the indentation inside such an element could change the verdict, so elements that
 * might be asked (class, id, rel or itemprop naming a byline, author, dateline or share; h1 and h2)
 * keep their spacing exactly, unless they hold so much text that the verdict cannot change.
 */
const MEASURED_WORDS = 'byline|author|dateline|writtenby|share';
const MEASURED = new RegExp(
  `<(h[12])\\b${TAG_BODY}>` +
    `|<([a-zA-Z][a-zA-Z0-9-]*)\\s(?:[^>"']|"[^"]*"|'[^']*')*?\\b(?:class|id|rel|itemprop)\\s*=\\s*` +
    `(?:"[^"]*?(?:${MEASURED_WORDS})[^"]*"|'[^']*?(?:${MEASURED_WORDS})[^']*'|[^\\s"'>]*?(?:${MEASURED_WORDS})[^\\s"'>]*)${TAG_BODY}>`,
  'gi',
);
/** Past this many visible characters no rule above can change its verdict. */
const MEASURED_ENOUGH = 500;
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)(?:[^>"']|"[^"]*"|'[^']*')*>/g;
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
const SPACE_RUNS = /[\s\u00a0]+/g;

/** Where the element whose start tag ends at `from` ends, or -1 when it holds enough text not to matter. Errs long, never short. */
function measuredEnd(html: string, from: number): number {
  const open: string[] = [];
  let visible = 0;
  TAG.lastIndex = from;
  for (let last = from, tag = TAG.exec(html); ; last = TAG.lastIndex, tag = TAG.exec(html)) {
    visible += decodeHTML(html.slice(last, tag ? tag.index : html.length)).replace(SPACE_RUNS, '').length;
    if (visible >= MEASURED_ENOUGH) return -1;
    if (!tag) return html.length;
    const tagName = tag[2]!.toLowerCase();
    if (!tag[1]) {
      if (!VOID.has(tagName) && !tag[0].endsWith('/>')) open.push(tagName);
      continue;
    }
    const at = open.lastIndexOf(tagName);
    // An end tag of nothing opened inside: its own, or one of something around it, which ends it too.
    if (at < 0) return TAG.lastIndex;
    open.length = at;
  }
}

/** [start, end) of the elements whose spacing stays, in order and merged. */
function measuredRanges(html: string): [number, number][] {
  const ranges: [number, number][] = [];
  MEASURED.lastIndex = 0;
  for (let m = MEASURED.exec(html); m; m = MEASURED.exec(html)) {
    const end = measuredEnd(html, MEASURED.lastIndex);
    if (end < 0) continue;
    const prev = ranges[ranges.length - 1];
    if (prev && m.index <= prev[1]) prev[1] = Math.max(prev[1], end);
    else ranges.push([m.index, end]);
  }
  return ranges;
}

/** Layout spacing dropped everywhere except inside the measured elements, which are copied as they are. */
function withoutLayoutSpaceOutside(html: string, keep: [number, number][]): string {
  if (keep.length === 0) return withoutLayoutSpace(html);
  const parts: string[] = [];
  let at = 0;
  for (const [start, end] of keep) {
    parts.push(withoutLayoutSpace(html.slice(at, start), true), html.slice(start, end));
    at = end;
  }
  parts.push(withoutLayoutSpace(html.slice(at)));
  return parts.join('');
}

export function prepareSource(html: string): string {
  const source = withoutInertContent(html);
  return withoutLayoutSpaceOutside(source, measuredRanges(source));
}
