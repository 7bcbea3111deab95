import { describe, expect, it } from 'vitest';
import { canonicalUrl } from '../../../src/news/feeds/canonical-url.ts';

describe('canonicalUrl', () => {
  const cases: [string, string][] = [
    ['https://WWW.News.Example/Story/One?utm_source=x&utm_medium=rss#comments', 'https://news.example/Story/One'],
    ['http://news.example/a?id=3&fbclid=abc&gclid=def&b=2', 'https://news.example/a?b=2&id=3'],
    ['https://news.example:443/a/', 'https://news.example/a'],
    ['https://news.example/?mc_cid=1&mc_eid=2', 'https://news.example/'],
    ['https://news.example/a?page=2&utm_campaign=z', 'https://news.example/a?page=2'],
  ];
  for (const [input, expected] of cases) {
    it(`${input} → ${expected}`, () => expect(canonicalUrl(input)).toBe(expected));
  }
  it('keeps parameters that identify the page, and leaves non-URLs alone', () => {
    expect(canonicalUrl('https://news.example/watch?v=abc123')).toBe('https://news.example/watch?v=abc123');
    expect(canonicalUrl('not a url')).toBe('not a url');
  });
});
