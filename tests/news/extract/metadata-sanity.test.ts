import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../../src/news/extract/extract.ts';
import { authorByline, plausibleSiteName } from '../../../src/news/extract/metadata.ts';

const body = [
  'Stocks in Asia slipped on Tuesday as doubts about a trade deal crept back in, and investors moved into government bonds and gold.',
  'The regional index fell 0.4 percent in early trading, its first loss in four sessions, while the dollar held steady against the yen.',
  'Analysts said a lack of detail from both sides had left traders unwilling to bet on a quick agreement before the end of the year.',
].map((p) => `<p>${p}</p>`).join('');

function page(head: string): string {
  return `<!doctype html><html><head><title>Asian shares soft as trade doubts creep back in</title>${head}</head><body><article><h1>Asian shares soft as trade doubts creep back in</h1>${body}</article></body></html>`;
}

describe('source and byline that are not one', () => {
  it('an edition declared as the site name ("U.S.") is not the source', () => {
    const r = extractArticle(page('<meta property="og:site_name" content="U.S.">'), { url: 'https://wire.example/markets/asia' });
    expect(r.ok && r.page.siteName).toBeFalsy();
    expect(plausibleSiteName('World')).toBeUndefined();
  });

  it('a saved page (no address given) that declares its address and its publisher\'s account is credited to the publisher, not the edition', () => {
    const head = '<meta property="og:site_name" content="U.S."><meta property="og:url" content="https://wire.example/markets/asia"><meta name="twitter:site" content="@HarborWire">';
    const r = extractArticle(page(head), {});
    expect(r.ok && r.page.siteName).toBe('HarborWire');
    const fb = extractArticle(page('<meta property="og:site_name" content="U.S."><meta property="og:url" content="https://wire.example/a"><meta property="article:publisher" content="https://www.facebook.com/HarborWire">'), {});
    expect(fb.ok && fb.page.siteName).toBe('HarborWire');
    const unknown = extractArticle(page('<meta property="og:site_name" content="U.S."><meta property="og:url" content="https://wire.example/a"><meta property="article:publisher" content="https://wire.example/about">'), {});
    expect(unknown.ok && unknown.page.siteName).toBeFalsy();
  });

  it('a real site name and an address given as the name are kept, the address as its host', () => {
    expect(plausibleSiteName('Harbor Daily')).toBe('Harbor Daily');
    expect(plausibleSiteName('https://www.harbor.example')).toBe('harbor.example');
  });

  it('a phrase with ordinary words is not a byline; people and newsrooms are', () => {
    expect(authorByline('The Russian and Syrian defense ministries')).toBeUndefined();
    expect(authorByline('By Lisa Kaczke and Trevor J. Mitchell')).toBe('Lisa Kaczke and Trevor J. Mitchell');
    expect(authorByline('Ludwig van Beethoven')).toBe('Ludwig van Beethoven');
    expect(authorByline('News Nation Bureau')).toBe('News Nation Bureau');
  });
});

function pageWith(head: string, title: string): string {
  return `<!doctype html><html><head><title>${title}</title>${head}</head><body><article>${body}</article></body></html>`;
}

describe('headline and source from the page head', () => {
  it('a headline that holds the site name among other words is not cut as if it were the brand; a section label after it goes', () => {
    const head = '<meta property="og:site_name" content="the Harbor"><meta property="og:title" content="The Harbor view on the dock strike: a port on edge | Editorial">';
    const r = extractArticle(pageWith(head, 'The Harbor view on the dock strike: a port on edge | Editorial | Opinion | The Harbor'), {});
    expect(r.ok && r.page.title).toBe('The Harbor view on the dock strike: a port on edge');
  });

  it("the site's own generic title given as og:title is not the headline", () => {
    const head = '<meta name="application-name" content="Harbor News - Latest News &amp; Headlines"><meta property="og:title" content="Harbor News - Latest News &amp; Headlines">';
    const r = extractArticle(pageWith(head, 'Ferry grounded off the north cape, all passengers safe'), {});
    expect(r.ok && r.page.title).toBe('Ferry grounded off the north cape, all passengers safe');
    expect(r.ok && r.page.siteName).toBe('Harbor News');
  });

  it('a declared site name keeps its name and drops the slogan after the separator', () => {
    expect(plausibleSiteName("HarborWire | The coast's liveliest news platform")).toBe('HarborWire');
  });

  it('with no site name declared, the <title> names the site after the headline', () => {
    const head = '<meta property="og:title" content="Asian shares soft as trade doubts creep back in">';
    const r = extractArticle(pageWith(head, 'Asian shares soft as trade doubts creep back in - The Harbor Ledger'), {});
    expect(r.ok && r.page.siteName).toBe('The Harbor Ledger');
  });

  it("a slug declared as the site name gives way to the title's fuller spelling of it, and only to that", () => {
    const slug = '<meta property="og:site_name" content="harborledger"><meta property="og:title" content="Asian shares soft as trade doubts creep back in">';
    const r = extractArticle(pageWith(slug, 'Asian shares soft as trade doubts creep back in - harborledger.example'), {});
    expect(r.ok && r.page.siteName).toBe('harborledger.example');
    const other = extractArticle(pageWith(slug, 'Asian shares soft as trade doubts creep back in - Markets Desk'), {});
    expect(other.ok && other.page.siteName).toBe('harborledger');
  });
});
