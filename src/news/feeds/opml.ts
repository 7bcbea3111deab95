import { buildXmlTree, childElements, type XmlElement } from './xml-tree.ts';

/** A feed listed in an OPML file: every feed reader exports its subscriptions this way. */
export interface OpmlFeed {
  url: string;
  title?: string;
}

export class OpmlError extends Error {
  override name = 'OpmlError';
}

/** More outlines than this is a directory dump, not someone's reading list. */
const MAX_OUTLINES = 1_000;

/**
 * The feeds of an OPML subscription list: every <outline> with an xmlUrl, at any depth (readers nest them in
 * folders), each once. Read with the same tolerant reader as feeds, since exported files are often sloppy.
 */
export function parseOpml(text: string): OpmlFeed[] {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (!trimmed.startsWith('<')) throw new OpmlError('This file is not OPML: it is not XML.');
  const { root } = buildXmlTree(trimmed);
  if (!root || root.local !== 'opml') {
    throw new OpmlError(`This file is not OPML: its top element is ${root ? `<${root.local}>` : 'missing'}, where an OPML file has <opml>.`);
  }
  const out: OpmlFeed[] = [];
  const seen = new Set<string>();
  const stack: XmlElement[] = childElements(root).reverse();
  let visited = 0;
  while (stack.length && visited++ < MAX_OUTLINES * 4) {
    const el = stack.pop()!;
    if (el.local === 'outline') {
      // Attribute names were lower-cased by the reader: xmlUrl arrives as xmlurl.
      const url = el.attrs.xmlurl?.trim();
      if (url && !seen.has(url)) {
        seen.add(url);
        const title = (el.attrs.title ?? el.attrs.text)?.trim();
        out.push(title ? { url, title } : { url });
        if (out.length >= MAX_OUTLINES) break;
      }
    }
    const kids = childElements(el);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
  return out;
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** An OPML 2.0 subscription list that feed readers import. */
export function writeOpml(title: string, feeds: readonly OpmlFeed[], created: Date): string {
  const outlines = feeds.map((f) => {
    const label = escapeAttr(f.title ?? f.url);
    return `    <outline type="rss" text="${label}" title="${label}" xmlUrl="${escapeAttr(f.url)}"/>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    '  <head>',
    `    <title>${escapeAttr(title)}</title>`,
    `    <dateCreated>${created.toUTCString()}</dateCreated>`,
    '  </head>',
    '  <body>',
    ...outlines,
    '  </body>',
    '</opml>',
    '',
  ].join('\n');
}
