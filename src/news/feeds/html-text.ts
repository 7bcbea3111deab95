import { decodeHTML } from 'entities';

const BLOCK_BREAK = /<\/?(?:p|div|br|li|ul|ol|h[1-6]|blockquote|tr|table|section|article|header|footer|figure|figcaption|pre|hr)\b[^>]*>/gi;

/**
 * Feed titles and descriptions to clean text: scripts, styles and comments dropped, block tags become line
 * breaks, other tags vanish, entities decoded (also double-encoded ones such as "&amp;amp;" that many feeds
 * carry), whitespace tidied. Deliberately not a DOM: item descriptions are small and numerous.
 */
export function htmlToText(html: string, opts: { keepParagraphs?: boolean } = {}): string {
  if (!html) return '';
  let s = html;
  if (s.includes('<') || s.includes('&')) {
    s = s
      .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
      .replace(/<!--[\s\S]*?-->/g, ' ')
      .replace(/<(script|style|noscript|iframe|object|svg|template)\b[\s\S]*?<\/\1\s*>/gi, ' ')
      .replace(/<(script|style|noscript|iframe|object|svg|template)\b[^>]*\/?>/gi, ' ')
      .replace(BLOCK_BREAK, '\n')
      .replace(/<\/?[a-zA-Z][^>]*>/g, ' ');
    s = decodeHTML(s);
    // A second pass catches escaped markup ("&lt;p&gt;") that only becomes tags after one decode.
    if (/<\/?[a-zA-Z][^>]*>/.test(s) || /&(?:[a-z]+|#\d+|#x[0-9a-f]+);/i.test(s)) {
      s = decodeHTML(s.replace(BLOCK_BREAK, '\n').replace(/<\/?[a-zA-Z][^>]*>/g, ' '));
    }
  }
  s = s.replace(/[\u200B-\u200D\u2060\uFEFF]/g, '').replace(/\u00A0/g, ' ');
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
