import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../../src/news/extract/extract.ts';

const body = [
  'The harbour board voted on Tuesday to keep the night ferry running through the winter, reversing a plan announced in the spring.',
  'Board members said the number of passengers on the late crossings had doubled since the new timetable began in the summer.',
  'The ferry operator will add a second boat on Fridays and Saturdays from the start of December, the board said in a statement.',
].map((p) => `<p>${p}</p>`).join('');

function extract(head: string, bodyStart: string): { title?: string; siteName?: string; byline?: string } {
  const html = `<!doctype html><html><head>${head}</head><body>${bodyStart}<article>${body}</article></body></html>`;
  const r = extractArticle(html, { url: 'https://harbour-news.example/ferry/night-crossings' });
  if (!r.ok) throw new Error(r.message);
  return r.page;
}

describe('headline and source of a page', () => {
  it('does not take the site name in an h1 that links to the front page for the headline', () => {
    const page = extract('<title>Night ferry to keep running all winter - Harbour Post</title>', '<a href="/"><h1>하버 포스트</h1></a>');
    expect(page.title).toBe('Night ferry to keep running all winter');
    const logo = extract('<title>Night ferry to keep running all winter - Harbour Post</title>', '<h1 class="logo"><a href="https://harbour-news.example/">Harbour Post</a></h1>');
    expect(logo.title).toBe('Night ferry to keep running all winter');
  });

  it('names the source from the branded title when the page declares no site name', () => {
    const page = extract('<title>Night ferry to keep running all winter - Harbour Post</title>', '');
    expect(page.siteName).toBe('Harbour Post');
  });

  it('prefers the title\'s spelling of the name to an account handle', () => {
    const page = extract('<title>Night ferry to keep running all winter - Harbour Post International</title><meta name="twitter:site" content="@HarbourPostIntl">', '');
    expect(page.siteName).toBe('Harbour Post International');
    const host = extract('<title>Night ferry to keep running all winter — www.harbourpost.example</title><meta name="twitter:site" content="@HarbourPost_">', '');
    expect(host.siteName).toBe('harbourpost.example');
  });

  it('drops the outlet from a byline that names it after the writer', () => {
    const page = extract('<title>Night ferry to keep running all winter</title><meta property="og:site_name" content="Harbour Post"><meta name="author" content="Ines Okafor. Harbour Post">', '');
    expect(page.byline).toBe('Ines Okafor');
  });
});

describe('titles branded the Chinese way, with underscores', () => {
  it('drops the channel and the site after the headline, and names the site from them', () => {
    const page = extract('<title>港口夜间渡轮将全年运营_社会频道_海港新闻网</title>', '');
    expect(page.title).toBe('港口夜间渡轮将全年运营');
    expect(page.siteName).toBe('海港新闻网');
  });

  it('keeps an underscore inside a Latin word and inside a declared site name', () => {
    const code = extract('<title>Why snake_case won the style war at the harbour office</title>', '');
    expect(code.title).toBe('Why snake_case won the style war at the harbour office');
    const named = extract('<title>港口夜间渡轮将全年运营</title><meta property="og:site_name" content="海港的家_蓝天">', '');
    expect(named.siteName).toBe('海港的家_蓝天');
  });
});

describe('a source declared only as a slug', () => {
  const page = (footer: string) => {
    const html = `<!doctype html><html><head><title>Night ferry to keep running all winter</title><meta property="og:site_name" content="harbourpost"></head><body><article>${body}</article><footer><p>${footer}</p></footer></body></html>`;
    const r = extractArticle(html, { url: 'https://harbourpost.example/ferry/night-crossings' });
    if (!r.ok) throw new Error(r.message);
    return r.page;
  };

  it('is spelled as the copyright line spells the name', () => {
    expect(page('© 2024 The Harbour Post, part of Coastline Media. All rights reserved.').siteName).toBe('The Harbour Post');
    expect(page('Copyright © Harbour Post 2024').siteName).toBe('Harbour Post');
  });

  it('stays as declared when the copyright names someone else', () => {
    expect(page('© 2024 Coastline Media Group. All rights reserved.').siteName).toBe('harbourpost');
  });
});
