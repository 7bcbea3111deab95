import { child, children, escapeHtmlText, innerHtml, textOf, type XmlElement } from './xml-tree.ts';

/**
 * An Atom text construct (title, summary, content …) as HTML, decoded exactly as often as its type says:
 * - type="text" (or none): the character data is the text; "&lt;blink&gt;" is shown as "<blink>".
 * - type="html": the character data is HTML source, decoded once more as HTML.
 * - type="xhtml": the content is XHTML elements (inside a wrapper div); their text is the text.
 * Atom 0.3 also wrote MIME types ("text/html", "application/xhtml+xml") and a `mode`: "escaped" (HTML as
 * text), "base64" (the bytes of the content, base64-encoded) or "xml" (inline). Other MIME types (an image in
 * <content>) carry no text: undefined.
 */
export function readTextConstruct(el: XmlElement): string | undefined {
  const type = (el.attrs.type ?? '').trim().toLowerCase();
  const mode = (el.attrs.mode ?? '').trim().toLowerCase();
  const kind = kindOf(type);
  if (mode === 'base64') {
    const decoded = Buffer.from(textOf(el).replace(/\s+/g, ''), 'base64').toString('utf8');
    return kind === 'text' ? escapeHtmlText(decoded) : kind === undefined ? undefined : decoded;
  }
  if (mode === 'escaped') return innerHtml(el, true);
  switch (kind) {
    case 'text':
      return escapeHtmlText(textOf(el));
    case 'html':
      return innerHtml(el, true);
    case 'xhtml':
      return innerHtml(el, false);
    default:
      return undefined;
  }
}

function kindOf(type: string): 'text' | 'html' | 'xhtml' | undefined {
  if (type === '' || type === 'text' || type === 'text/plain') return 'text';
  if (type === 'html' || type === 'text/html') return 'html';
  if (type === 'xhtml' || type === 'application/xhtml+xml') return 'xhtml';
  // Other text/* types (text/x-markdown …) are still text a person can read.
  if (type.startsWith('text/')) return 'text';
  return undefined;
}

/**
 * Media RSS's title, for items with no other: on the item, in its media:group, or on its first media:content.
 * Its `type` is "plain" (the default) or "html".
 */
export function readMediaTitle(item: XmlElement): string | undefined {
  const holders = [item, ...children(item, 'media', 'group'), ...children(item, 'media', 'content')];
  for (const holder of holders) {
    const el = child(holder, 'media', 'title');
    if (!el) continue;
    const html = (el.attrs.type ?? '').trim().toLowerCase() === 'html' ? innerHtml(el, true) : escapeHtmlText(textOf(el));
    if (html.trim()) return html.trim();
  }
  return undefined;
}
