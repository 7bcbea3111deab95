import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { matchTopics, TopicIndex, type MatchInput } from '../../src/topics/match.ts';
import { QueryError } from '../../src/topics/query.ts';

/** A fixture article: the first line with a few words (or Japanese text) is its headline. */
function fixture(name: string): MatchInput {
  const text = readFileSync(fileURLToPath(new URL(`../fixtures/topics/${name}`, import.meta.url)), 'utf8');
  const title = text.split('\n').find((l) => l.trim().split(/\s+/).length >= 4 || /[\u3040-\u9fff]/.test(l)) ?? '';
  return { title, text };
}

function keys(input: MatchInput, topics?: string[]): string[] {
  return matchTopics(input, topics).map((m) => m.key);
}

describe('built-in topics', () => {
  it('matches a Japan politics story on a crypto site to japan, not crypto', () => {
    const matches = matchTopics(fixture('japan-politics-on-crypto-site.txt'));
    const japan = matches.find((m) => m.key === 'japan');
    expect(japan).toBeDefined();
    expect(japan?.terms).toEqual(expect.arrayContaining(['Takaichi', 'Japan', 'Tokyo']));
    expect(matches.map((m) => m.key)).not.toContain('crypto');
  });

  it('matches a bitcoin market story to crypto and says which terms matched', () => {
    const crypto = matchTopics(fixture('bitcoin-etf-inflows.txt')).find((m) => m.key === 'crypto');
    expect(crypto?.terms.slice(0, 3)).toEqual(expect.arrayContaining(['bitcoin']));
    expect(crypto?.terms).toEqual(expect.arrayContaining(['Coinbase', 'Binance']));
  });

  it('matches Japanese-language news without word boundaries', () => {
    const japan = matchTopics(fixture('boj-japanese.txt')).find((m) => m.key === 'japan');
    expect(japan?.terms).toEqual(expect.arrayContaining(['日銀', '東京', '円']));
  });

  it('ignores a single incidental mention deep in the body', () => {
    const input = fixture('german-carmakers-incidental-japan.txt');
    expect(keys(input)).toContain('europe');
    expect(keys(input)).not.toContain('japan');
  });

  it('does not let a category label or a newsletter pitch alone make a match', () => {
    const story = 'Officials approved the new harbour plan on Monday. Work starts next spring and will take three years.';
    expect(keys({ title: 'Harbour plan approved', text: story, categories: ['Crypto', 'Bitcoin'] })).not.toContain('crypto');
    expect(keys({ title: 'Harbour plan approved', text: `${story}\nSubscribe to our crypto newsletter for the latest bitcoin news.` })).not.toContain('crypto');
    expect(keys({ title: 'Harbour plan approved', text: `Bitcoin\n${story}` })).not.toContain('crypto');
  });

  it('counts a Japanese-city dateline as a strong signal', () => {
    const text = 'TOKYO, March 3 - The ministry said exports of machine tools rose 12 pct in February from a year earlier, led by sales to Asia. Orders from domestic users were flat.';
    expect(keys({ title: 'MACHINE TOOL EXPORTS RISE', text })).toContain('japan');
  });

  it('needs support for ambiguous terms: "the Diet" only next to other Japan terms, never "diet" the food', () => {
    expect(keys(fixture('mediterranean-diet.txt'))).not.toContain('japan');
    const wallet = { title: 'How to choose a wallet', text: 'A leather wallet lasts for years. Pick one with few seams and a token of quality in the stitching.' };
    expect(keys(wallet)).not.toContain('crypto');
    const mining = { title: 'Copper mining output rises', text: 'Mining companies in Chile said output rose in March, and miners expect a strong year.' };
    expect(keys(mining)).not.toContain('crypto');
  });

  it('requires capitals for case-sensitive terms such as ETH', () => {
    expect(keys({ title: 'ETH jumps 8% after upgrade', text: 'Traders bought ETH ahead of the network upgrade on Friday.' })).toContain('crypto');
    expect(keys({ title: 'Eth and the art of ice', text: 'The artist eth showed new ice sculptures.' })).not.toContain('crypto');
  });
});

describe('custom queries', () => {
  it('does not match a Japanese restaurant review under a tight query', () => {
    const review = fixture('japanese-restaurant-review.txt');
    expect(keys(review, ['japan AND (economy OR yen)'])).toEqual([]);
  });

  it('matches inflected forms and reports the query terms', () => {
    const input = { title: 'New tariffs hit steel makers', text: 'The government tariffed imported steel last week. Makers said costs rose.' };
    const [m] = matchTopics(input, ['tariff AND steel']);
    expect(m?.terms).toEqual(expect.arrayContaining(['tariff', 'steel']));
  });

  it('applies exclusions and phrases', () => {
    const text = 'The Bank of Japan kept its rate unchanged. The yen weakened after the decision.';
    expect(keys({ title: 'BOJ holds rates', text }, ['"bank of japan" AND (rate OR yen) -anime'])).toHaveLength(1);
    expect(keys({ title: 'BOJ holds rates', text: `${text} An anime studio was also in the news.` }, ['"bank of japan" AND (rate OR yen) -anime'])).toEqual([]);
    expect(keys({ title: 'Japan bank news', text: 'A bank in Japan opened.' }, ['"bank of japan"'])).toEqual([]);
  });

  it('counts a query term mentioned once deep in the body as too weak', () => {
    const filler = Array.from({ length: 8 }, (_, i) => `Paragraph ${i} talks about local roads, schools and parks in some detail.`).join('\n');
    const input = { title: 'Council budget approved', text: `The council approved its budget. Spending rises slightly.\n${filler}\nOne councillor mentioned tariffs.` };
    expect(keys(input, ['tariffs'])).toEqual([]);
    expect(matchTopics(input, ['tariffs'], 'broad').map((m) => m.key)).toEqual(['tariffs']);
  });
});

describe('TopicIndex', () => {
  const story = { title: 'Bank of Japan raises rates', text: 'The Bank of Japan raised interest rates on Tuesday. The yen rose.' };

  it('keeps one subscription per key, replaces on re-add and forgets on remove', () => {
    const index = new TopicIndex();
    index.add('guild1:chan1', 'japan');
    index.add('guild1:chan2', 'japan');
    index.add('guild2:chan1', '"bank of japan" AND yen');
    expect(index.size).toBe(3);
    expect(index.match(story).map((m) => m.key).sort()).toEqual(['guild1:chan1', 'guild1:chan2', 'guild2:chan1']);
    index.add('guild1:chan2', 'crypto');
    expect(index.match(story).map((m) => m.key).sort()).toEqual(['guild1:chan1', 'guild2:chan1']);
    expect(index.remove('guild1:chan1')).toBe(true);
    expect(index.remove('guild1:chan1')).toBe(false);
    expect(index.size).toBe(2);
    expect(index.match(story).map((m) => m.key)).toEqual(['guild2:chan1']);
  });

  it('still finds AND/OR queries whose common words are not used to trigger them', () => {
    const index = new TopicIndex();
    index.add('and', 'market AND kyoto');
    index.add('or', '(kyoto OR osaka) AND market');
    index.add('not', 'market -kyoto');
    const osaka = { title: 'Osaka market reopens', text: 'The Osaka fish market reopened on Monday after repairs.' };
    expect(index.match(osaka).map((m) => m.key).sort()).toEqual(['not', 'or']);
    const kyoto = { title: 'Kyoto market reopens', text: 'The Kyoto market reopened on Monday.' };
    expect(index.match(kyoto).map((m) => m.key).sort()).toEqual(['and', 'or']);
  });

  it('gives a rejected query back as a QueryError and leaves the index unchanged', () => {
    const index = new TopicIndex();
    index.add('a', 'japan');
    expect(() => index.add('a', 'yen AND (rate')).toThrow(QueryError);
    expect(index.size).toBe(1);
    expect(index.match(story).map((m) => m.key)).toEqual(['a']);
  });

  it('lets strict subscribers skip stories where the topic is not central', () => {
    const sideNote = {
      title: 'European stocks close higher',
      text: 'European shares rose on Friday as banks gained. Investors in London and Frankfurt bought back into miners.\nAnalysts noted that Tokyo had also closed higher overnight.',
    };
    const index = new TopicIndex();
    index.add('strict', 'japan', 'strict');
    index.add('broad', 'japan', 'broad');
    expect(index.match(sideNote).map((m) => m.key)).toEqual(['broad']);
    expect(index.match(story).map((m) => m.key).sort()).toEqual(['broad', 'strict']);
  });

  it('finds a CJK query term and a removed CJK term no longer matches', () => {
    const index = new TopicIndex();
    index.add('q', '日銀');
    const input = { title: '日銀が会合', text: '日銀は政策金利を据え置いた。' };
    expect(index.match(input).map((m) => m.terms)).toEqual([['日銀']]);
    index.remove('q');
    expect(index.match(input)).toEqual([]);
  });
});
