import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../../src/news/http/charset.ts';
import { FeedParseError, parseFeed } from '../../../src/news/feeds/parse-feed.ts';

const entry = (p = '') => `<${p}entry><${p}title>Sea wall finished early</${p}title><${p}link href="https://coast.example/wall"/><${p}id>urn:coast:1</${p}id><${p}updated>2026-11-02T10:00:00Z</${p}updated></${p}entry>`;

describe('feeds that are valid but unusual', () => {
  it('Atom written with a namespace prefix on every element', async () => {
    const feed = await parseFeed(`<?xml version="1.0"?><a:feed xmlns:a="http://www.w3.org/2005/Atom"><a:title>Coast Notes</a:title>${entry('a:')}</a:feed>`);
    expect(feed.title).toBe('Coast Notes');
    expect(feed.items.map((i) => i.title)).toEqual(['Sea wall finished early']);
  });

  it('Atom whose entries alone carry a prefix', async () => {
    const feed = await parseFeed(`<feed xmlns="http://www.w3.org/2005/Atom"><title>Coast</title><p0:entry xmlns:p0="http://www.w3.org/2005/Atom"><p0:title>Harbour opens</p0:title><p0:id>urn:x</p0:id></p0:entry></feed>`);
    expect(feed.items.map((i) => i.title)).toEqual(['Harbour opens']);
  });

  it('an Atom feed served inside an XHTML page', async () => {
    const feed = await parseFeed(`<?xml version="1.0"?><!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml"><body><feed xmlns="http://www.w3.org/2005/Atom"><title>Wrapped</title>${entry()}</feed></body></html>`);
    expect(feed.items).toHaveLength(1);
  });

  it('RSS without a version attribute, and an <rss> with no channel at all', async () => {
    const feed = await parseFeed('<rss><channel><title>No version</title><item><title>Still news</title><link>https://nv.example/1</link></item></channel></rss>');
    expect(feed.items.map((i) => i.title)).toEqual(['Still news']);
    expect((await parseFeed('<?xml version="1.0"?><rss>\n</rss>')).items).toEqual([]);
  });

  it('UTF-16 without a byte-order mark is recognised from its first bytes', async () => {
    const xml = '<?xml version="1.0" encoding="utf-16"?><rss version="2.0"><channel><title>Ünïcode</title></channel></rss>';
    for (const enc of ['utf-16be', 'utf-16le']) {
      const { text } = decodeBody(iconv.encode(xml, enc));
      expect((await parseFeed(text)).title).toBe('Ünïcode');
    }
  });

  it('a document of comments only is an empty feed, answered at once (not a parser that never returns)', async () => {
    const err = await parseFeed('<?xml version="1.0"?>\n<!-- nothing here -->\n').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FeedParseError);
    expect((err as FeedParseError).kind).toBe('empty');
  });

  it('a plain web page is still refused as a page', async () => {
    const err = await parseFeed('<!DOCTYPE html><html><body><p>Shop</p></body></html>').catch((e: unknown) => e);
    expect((err as Error).message).toBe('This is a web page, not a feed.');
  });
});
