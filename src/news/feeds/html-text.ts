import { decodeHTML } from 'entities';

const BLOCK_BREAK = /<\/?(?:p|div|br|li|ul|ol|dl|dt|dd|h[1-6]|blockquote|tr|td|th|table|section|article|header|footer|figure|figcaption|pre|hr)\b[^>]*>/gi;
const ANY_TAG = /<\/?[a-zA-Z][^>]*>/g;

/**
 * Feed HTML (titles, descriptions) to clean text: scripts, styles and comments dropped, block tags become line
 * breaks, inline tags vanish without splitting words ("<em>mar</em>kets" is "markets"), entities decoded once,
 * whitespace tidied. Deliberately not a DOM: item descriptions are small and numerous.
 *
 * The parser hands over HTML decoded exactly as the feed's format says, so a title is decoded once here and a
 * literal "<dialog>" written as "&amp;lt;dialog&amp;gt;" stays. Bodies (`keepParagraphs`) get a second pass
 * for markup escaped twice ("&amp;lt;p&amp;gt;"), which many CMSs emit and which would otherwise show as tags
 * in a summary.
 */
export function htmlToText(html: string, opts: { keepParagraphs?: boolean } = {}): string {
  if (!html) return '';
  let s = html;
  if (s.includes('<') || s.includes('&')) {
    s = decodeHTML(stripTags(s));
    if (opts.keepParagraphs && (/<\/?[a-zA-Z][^>]*>/.test(s) || /&(?:[a-z]+|#\d+|#x[0-9a-f]+);/i.test(s))) {
      s = decodeHTML(stripTags(s));
    }
  }
  // A byte-order mark inside text is junk; zero-width joiners and non-joiners are spelling (Persian, emoji
  // families) and stay.
  s = s.replace(/\uFEFF/g, '').replace(/\u00A0/g, ' ');
  if (opts.keepParagraphs) {
    return s
      .split(/\n\s*\n|\n/)
      .map((line) => line.replace(/[ \t\r\f\v]+/g, ' ').trim())
      .filter(Boolean)
      .join('\n\n');
  }
  // Collapses ASCII whitespace only: an ideographic space is a deliberate separator in Japanese headlines.
  return s.replace(/[ \t\r\n\f\v]+/g, ' ').trim();
}

function stripTags(s: string): string {
  return s
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(script|style|noscript|iframe|object|svg|template)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<(script|style|noscript|iframe|object|svg|template)\b[^>]*\/?>/gi, ' ')
    .replace(BLOCK_BREAK, '\n')
    .replace(ANY_TAG, '');
}
