import { describe, expect, it } from 'vitest';
import { readFeedText } from '../../../src/news/feeds/read-feed.ts';
import { fixture } from '../../support/fixtures.ts';

describe('aggregator feeds that name each item\'s outlet (RSS <source>)', () => {
  it('each item\'s outlet is its source, not the aggregator, and its name leaves the headline', async () => {
    const feed = await readFeedText(fixture('feeds/aggregator-sources.xml'), 'https://topics.example/rss?q=port+strike', new Date('2026-11-03T12:00:00Z'));
    expect(feed.articles.map((a) => [a.title, a.source.name])).toEqual([
      ['Dock workers walk out at three harbours', 'Coastline Courier'],
      // A <source> with a URL and no name: the outlet's host.
      ['Harbour strike enters second day as talks stall', 'inland-ledger.example'],
      // An item without <source> is the feed's own.
      ['Shipping lines reroute cargo around the strike', '"port strike" - Topic Watch'],
    ]);
    expect(new Set(feed.articles.map((a) => a.source.feedUrl))).toEqual(new Set(['https://topics.example/rss?q=port+strike']));
  });
});
