import { describe, expect, it } from 'vitest';
import { OpmlError, parseOpml, writeOpml } from '../../../src/news/feeds/opml.ts';
import { fixture } from '../../support/fixtures.ts';

describe('OPML subscription lists', () => {
  it('lists every outline with a feed URL, in folders too, each once, with its name', () => {
    expect(parseOpml(fixture('feeds/subscriptions.opml'))).toEqual([
      { url: 'https://wire.example/feed.xml', title: 'Harbour Wire' },
      { url: 'https://tides.example/rss', title: 'Tide & Time' },
    ]);
  });

  it('writes a list that reads back the same, names with markup characters included', () => {
    const feeds = [
      { url: 'https://a.example/feed?x=1&y=2', title: 'Fish & "Chips" <Daily>' },
      { url: 'https://b.example/rss' },
    ];
    const opml = writeOpml('Feeds of Harbour & Co', feeds, new Date('2026-11-03T12:00:00Z'));
    expect(opml).toContain('<title>Feeds of Harbour &amp; Co</title>');
    expect(parseOpml(opml)).toEqual([feeds[0], { url: 'https://b.example/rss', title: 'https://b.example/rss' }]);
  });

  it('refuses a file that is not OPML, saying what it is instead', () => {
    expect(() => parseOpml('<rss version="2.0"><channel/></rss>')).toThrow(new OpmlError('This file is not OPML: its top element is <rss>, where an OPML file has <opml>.'));
    expect(() => parseOpml('name,url\nwire,https://wire.example/feed.xml')).toThrow('This file is not OPML: it is not XML.');
  });
});
