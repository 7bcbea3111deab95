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

describe('TopicIndex with many subscriptions', () => {
  // Articles written for these tests: names in the headline, the lead, deep in the body, in a
  // newsletter pitch, once or repeatedly, so that thresholds, zones and exclusions all come into play.
  const filler = 'Officials met again on Thursday and said the talks would continue next week in the capital.';
  const articles: MatchInput[] = [
    { title: 'Harbour authority approves Velmora port expansion', text: `The Velmora harbour authority approved the expansion on Monday. ${filler}\n${filler} Dockworkers in Velmora welcomed it.` },
    { title: 'Grain prices climb', text: `Grain prices climbed for a third day as Tarsk mills bought heavily. ${filler}\n${filler}\n${filler} A trader in Velmora said stocks were thin.` },
    { title: 'Tarsk and Velmora sign rail deal', text: `Tarsk and Velmora signed a rail freight deal. The Orlin Bank will fund the line.\n${filler}` },
    { title: 'Orlin Bank raises rates', text: `The Orlin Bank raised its main rate by half a point. Economists at Orlin Bank had expected a pause.\n${filler}\nSubscribe to our newsletter for Velmora market updates.` },
    { title: 'Rail strike ends', text: `${filler}\n${filler}\n${filler}\nTarsk rail workers returned on Friday, union leaders said.` },
  ];
  const queries = ['velmora', 'tarsk', 'velmora tarsk', 'velmora AND (rail OR harbour)', 'tarsk OR velmora -grain', '"orlin bank"', '"orlin bank" rates', 'grain -tarsk', '(mills OR dockworkers) AND velmora', 'rail NOT strike'];
  const sensitivities = ['strict', 'normal', 'broad'] as const;

  function alone(query: string, sensitivity: (typeof sensitivities)[number], input: MatchInput): { score: number; terms: string[] } | undefined {
    const index = new TopicIndex();
    index.add('only', query, sensitivity);
    const [m] = index.match(input);
    return m && { score: m.score, terms: m.terms };
  }

  it('gives every follower of a shared query or topic the same match as a follow on its own, in score then key order', () => {
    const index = new TopicIndex();
    const follows: { key: string; query: string; sensitivity: (typeof sensitivities)[number] }[] = [];
    let n = 0;
    for (const query of [...queries, 'japan']) {
      for (const sensitivity of sensitivities) {
        // Many channels follow the same query at the same sensitivity: one profile, many keys.
        for (let copy = 0; copy < 25; copy++) follows.push({ key: `guild${(n * 7919) % 1000}:${n++}`, query, sensitivity });
      }
    }
    for (const f of follows) index.add(f.key, f.query, f.sensitivity);
    const withJapan = { title: 'Velmora envoy visits Tokyo', text: `The Velmora envoy met Japan's prime minister in Tokyo on Monday. ${filler}` };
    let matched = 0;
    for (const input of [...articles, withJapan]) {
      const got = index.match(input);
      const expected = follows.flatMap((f) => {
        const m = alone(f.query, f.sensitivity, input);
        return m ? [{ key: f.key, topic: f.query, ...m }] : [];
      });
      expected.sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      expect(got).toEqual(expected);
      matched += got.length;
    }
    // The articles do match, and not everything: sensitivities and exclusions split the followers.
    expect(matched).toBeGreaterThan(300);
    expect(matched).toBeLessThan(follows.length * (articles.length + 1));
  });

  it('scores a query the same whatever else is followed, also after follows come and go', () => {
    const index = new TopicIndex();
    const random = (() => {
      let seed = 5;
      return (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    })();
    const words = ['velmora', 'tarsk', 'orlin', 'bank', 'rail', 'grain', 'harbour', 'mills', 'strike', 'rates', 'talks', 'capital'];
    const pick = (): string => words[Math.floor(random() * words.length)] as string;
    const made: { key: string; query: string; sensitivity: (typeof sensitivities)[number] }[] = [];
    for (let i = 0; i < 400; i++) {
      const r = random();
      const query = r < 0.3 ? pick() : r < 0.5 ? `${pick()} ${pick()}` : r < 0.7 ? `"${pick()} ${pick()}" OR ${pick()}` : r < 0.85 ? `${pick()} AND (${pick()} OR ${pick()})` : `${pick()} OR ${pick()} -${pick()}`;
      made.push({ key: `k${i}`, query, sensitivity: sensitivities[i % 3] as (typeof sensitivities)[number] });
    }
    const live = new Map<string, (typeof made)[number]>();
    for (const f of made) {
      try {
        index.add(f.key, f.query, f.sensitivity);
        live.set(f.key, f);
      } catch {
        // A generated query that excludes everything it names is refused; the index stays as it was.
      }
    }
    const check = (): number => {
      let total = 0;
      for (const input of articles) {
        const got = new Map(index.match(input).map((m) => [m.key, { score: m.score, terms: m.terms }]));
        for (const f of live.values()) expect(got.get(f.key), `${f.query} (${f.sensitivity}) on "${input.title}"`).toEqual(alone(f.query, f.sensitivity, input));
        expect(got.size).toBeLessThanOrEqual(live.size);
        total += got.size;
      }
      return total;
    };
    expect(check()).toBeGreaterThan(100);
    for (const key of [...live.keys()].filter((_, i) => i % 3 === 0)) {
      index.remove(key);
      live.delete(key);
    }
    for (const f of made.filter((_, i) => i % 6 === 0)) {
      index.add(f.key, f.query, f.sensitivity);
      live.set(f.key, f);
    }
    expect(check()).toBeGreaterThan(50);
  });
});

describe('a query that names a word twice', () => {
  it('counts each mention once, whether or not another subscription already uses the word', () => {
    const input = { title: 'Velmora port expansion approved', text: 'The Velmora harbour authority approved the expansion on Monday. Dockworkers welcomed it.' };
    const alone = new TopicIndex();
    alone.add('twice', 'velmora velmora');
    const shared = new TopicIndex();
    shared.add('once', 'velmora');
    shared.add('twice', 'velmora velmora');
    const [twice] = alone.match(input);
    expect(twice?.score).toBe(shared.match(input).find((m) => m.key === 'once')?.score);
    expect(shared.match(input).find((m) => m.key === 'twice')?.score).toBe(twice?.score);
  });
});

describe('what each query needs to match, in an index shared with other queries', () => {
  const body = 'The council met for four hours and heard from residents, shop owners and two engineers about the plan, which has been debated since last spring.';
  const input = {
    title: 'Council approves new bridge',
    text: `Tarsk and Orlin officials backed the plan on Monday. ${body}\nTarsk engineers and Orlin planners will share the work. ${body}\n${body}\nA Velmora firm will supply the steel.`,
  };

  function indexWith(queries: Record<string, [string, 'strict' | 'normal' | 'broad']>): TopicIndex {
    const index = new TopicIndex();
    // Other followers of the same words, so the queries under test share terms and triggers.
    for (const [i, q] of ['tarsk', 'orlin bridge', 'velmora OR steel', '"tarsk engineers"', 'orlin -velmora', 'japan'].entries()) index.add(`other${i}`, q);
    for (const [key, [query, sensitivity]] of Object.entries(queries)) index.add(key, query, sensitivity);
    return index;
  }

  it('adds up terms that are each too weak alone', () => {
    const index = indexWith({
      tarskBroad: ['tarsk', 'broad'],
      orlinBroad: ['orlin', 'broad'],
      tarsk: ['tarsk', 'normal'],
      orlin: ['orlin', 'normal'],
      either: ['tarsk OR orlin', 'normal'],
    });
    const got = new Map(index.match(input).map((m) => [m.key, m]));
    const tarsk = got.get('tarskBroad')?.score ?? 0;
    const orlin = got.get('orlinBroad')?.score ?? 0;
    expect(tarsk).toBeGreaterThan(0);
    expect(orlin).toBeGreaterThan(0);
    // Each alone stays under the normal threshold (3): a lead mention in a long story and a repeat.
    expect(tarsk).toBeLessThan(3);
    expect(orlin).toBeLessThan(3);
    expect(got.has('tarsk')).toBe(false);
    expect(got.has('orlin')).toBe(false);
    expect(got.get('either')?.score).toBeCloseTo(tarsk + orlin, 1);
    expect(got.get('either')?.terms.sort()).toEqual(['orlin', 'tarsk']);
  });

  it('needs every part of an AND, any part of an OR, and none of a NOT', () => {
    const index = indexWith({
      both: ['tarsk AND orlin', 'normal'],
      missing: ['tarsk AND kamiro', 'broad'],
      orFromSecond: ['kamiro OR velmora', 'broad'],
      nested: ['(kamiro OR orlin) AND (tarsk OR lumen)', 'normal'],
      excluded: ['tarsk -velmora', 'broad'],
      notExcluded: ['tarsk -kamiro', 'broad'],
      phrase: ['"orlin planners" OR "kamiro planners"', 'broad'],
    });
    const matched = index.match(input).map((m) => m.key);
    expect(matched.filter((k) => !k.startsWith('other')).sort()).toEqual(['both', 'nested', 'notExcluded', 'orFromSecond', 'phrase']);
    // The other followers: "orlin bridge" (the headline says bridge) yes; "orlin -velmora" no (Velmora is named).
    expect(matched).toContain('other1');
    expect(matched).not.toContain('other4');
  });
});

describe('a long-running index', () => {
  it('keeps matching right after tens of thousands of articles (its per-article marks wrap around)', () => {
    const index = new TopicIndex();
    index.add('both', 'velmora AND tarsk', 'broad');
    const both = { title: 'Velmora and Tarsk sign a deal', text: 'Velmora and Tarsk signed a rail deal on Monday.' };
    const one = { title: 'Velmora opens a port', text: 'Velmora opened a new port on Monday.' };
    const none = { title: 'Rail strike ends', text: 'Workers returned on Friday.' };
    let wrong = 0;
    for (let i = 0; i < 70_000; i++) {
      const input = i % 3 === 0 ? both : i % 3 === 1 ? one : none;
      if ((index.match(input).length === 1) !== (input === both)) wrong++;
    }
    expect(wrong).toBe(0);
  });
});
