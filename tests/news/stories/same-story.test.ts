import { describe, expect, it } from 'vitest';
import { signatureOf, similarity, StoryIndex, titleWords } from '../../../src/news/stories/same-story.ts';

const lead =
  'Glaciers across the Alps lost ice twice as fast over the past ten years as in the decade before, according to a survey published on Tuesday.';

describe('same-story detection', () => {
  it('finds a re-titled copy of a wire story and not a different story on the same subject', () => {
    const index = new StoryIndex();
    index.add({ storyId: 's1', canonicalUrl: 'https://a.example/1', title: 'x', source: 'A', at: 0, signature: signatureOf(`Glacier retreat doubles in a decade ${lead}`) });
    const copy = signatureOf(`Glacier retreat doubles in a decade, survey says - The Dispatch ${lead}`);
    expect(index.find('https://b.example/2', copy)).toMatchObject({ how: 'similar', entry: { storyId: 's1' } });
    const other = signatureOf(
      'Ski resorts open early after heavy snowfall. Resorts in the western Alps opened two weeks ahead of schedule on Saturday after a storm left a metre of snow on upper slopes.',
    );
    expect(index.find('https://c.example/3', other)).toBeUndefined();
  });

  it('does not merge different stories that share a feed-wide boilerplate lead', () => {
    const boiler = 'Officials in Tokyo said the government would respond, and markets moved on the news. Read the full story on our site.';
    const index = new StoryIndex();
    const t1 = 'Tokyo unveils stimulus';
    index.add({ storyId: 's1', canonicalUrl: 'https://a.example/1', title: t1, source: 'A', at: 0, signature: signatureOf(`${t1} ${boiler}`), titleWords: titleWords(t1) });
    const t2 = 'Japan exports rise';
    expect(index.find('https://a.example/2', signatureOf(`${t2} ${boiler}`), titleWords(t2))).toBeUndefined();
    const t3 = 'Tokyo unveils stimulus - Other Outlet';
    expect(index.find('https://b.example/3', signatureOf(`${t3} ${boiler}`), titleWords(t3))).toMatchObject({ how: 'similar' });
  });

  it('matches by canonical URL even when the text differs', () => {
    const index = new StoryIndex([{ storyId: 's1', canonicalUrl: 'https://a.example/1', title: 'x', source: 'A', at: 0, signature: [] }]);
    expect(index.find('https://a.example/1', [])).toMatchObject({ how: 'url' });
  });

  it('does not cluster daily templated headlines whose leads differ', () => {
    const monday = signatureOf('Markets today: stocks close higher. Shares of carmakers led gains after a strong sales report from the largest manufacturer.');
    const tuesday = signatureOf('Markets today: stocks close higher. Bank shares rallied as bond yields rose for a third straight session on inflation data.');
    expect(similarity(monday, tuesday)).toBeLessThan(0.6);
  });

  it('works for Japanese text without spaces', () => {
    const a = signatureOf('日銀、政策金利を据え置き 円相場は小幅に上昇 日本銀行は３日の会合で政策金利を据え置くことを決めた');
    const b = signatureOf('日銀が政策金利を据え置き 円相場は小幅上昇 日本銀行は３日の会合で政策金利を据え置くことを決めた');
    expect(similarity(a, b)).toBeGreaterThanOrEqual(0.6);
  });

  it('finds a real copy among thousands of look-alike templated items (crowded buckets are skipped, not the copy)', () => {
    const index = new StoryIndex();
    for (let i = 0; i < 3000; i++) {
      const t = `Daily market wrap ${i}`;
      index.add({ storyId: `t${i}`, canonicalUrl: `https://m.example/${i}`, title: t, source: 'M', at: 0, signature: signatureOf(`${t} Stocks closed mixed on the day as traders weighed earnings and rates, with volume near its average.`), titleWords: titleWords(t) });
    }
    const t1 = 'Glacier retreat doubles in a decade';
    index.add({ storyId: 'g', canonicalUrl: 'https://a.example/g', title: t1, source: 'A', at: 0, signature: signatureOf(`${t1} ${lead}`), titleWords: titleWords(t1) });
    const t2 = 'Glacier retreat doubles in a decade - Dispatch';
    const found = index.find('https://b.example/g', signatureOf(`${t2} ${lead}`), titleWords(t2));
    expect(found?.entry.storyId).toBe('g');
  });

  it('forgets stories older than the window', () => {
    const index = new StoryIndex([{ storyId: 'old', canonicalUrl: 'https://a.example/1', title: 'x', source: 'A', at: 1000, signature: signatureOf(lead) }]);
    expect(index.prune(2000)).toBe(1);
    expect(index.find('https://a.example/1', signatureOf(lead))).toBeUndefined();
  });

  it('pruning drops only the old stories: a newer story sharing their buckets is still found', () => {
    const t = 'Glacier retreat doubles in a decade';
    const sig = signatureOf(`${t} ${lead}`);
    const index = new StoryIndex([
      { storyId: 'new', canonicalUrl: 'https://b.example/2', title: t, source: 'B', at: 5000, signature: sig, titleWords: titleWords(t) },
      { storyId: 'old', canonicalUrl: 'https://a.example/1', title: t, source: 'A', at: 1000, signature: sig, titleWords: titleWords(t) },
    ]);
    expect(index.prune(2000)).toBe(1);
    expect(index.prune(2000)).toBe(0);
    expect(index.size).toBe(1);
    expect(index.find('https://a.example/1', sig, titleWords(t))?.entry.storyId).toBe('new');
    expect(index.find('https://c.example/3', sig, titleWords(`${t} - Dispatch`))).toMatchObject({ how: 'similar', entry: { storyId: 'new' } });
  });
});
