/**
 * Exact output of TopicIndex.match (keys, order, scores, terms) for a few invented articles and
 * follows, pinned so that work on the matcher's speed cannot change a result unnoticed. The other
 * tests say what should match; this one says that nothing else moved. If a scoring change is
 * meant, update the expected lists here together with the eval numbers.
 */
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/topics/catalog.ts';
import { TopicIndex, type MatchInput, type Sensitivity } from '../../src/topics/match.ts';

const FOLLOWS: [key: string, topicOrQuery: string, sensitivity: Sensitivity][] = [
  ['q:phrase', '"bank of japan" AND (rate OR yen) -anime', 'normal'],
  ['q:harbour', 'harbour OR ferry', 'normal'],
  ['q:harbour-broad', 'harbour OR ferry', 'broad'],
  ['q:harbour-twin', 'harbour OR ferry', 'normal'],
  ['q:tariff', 'tariff steel', 'normal'],
  ['q:not', 'velmora NOT "quiet lake"', 'broad'],
  ['q:velmora', 'velmora', 'strict'],
  ['q:velmora-normal', 'Velmora', 'normal'],
  ['q:cjk', '日銀 OR 金利', 'normal'],
  ['q:mixed', 'orbit AND (Tarsk OR "Orlin station")', 'broad'],
  ['q:common', 'market prices', 'normal'],
];

function buildIndex(): TopicIndex {
  const index = new TopicIndex();
  const sensitivities: Sensitivity[] = ['strict', 'normal', 'broad'];
  for (const t of loadCatalog()) for (const s of sensitivities) index.add(`${t.id}:${s}`, t.id, s);
  for (const [key, query, sensitivity] of FOLLOWS) index.add(key, query, sensitivity);
  return index;
}

const ARTICLES: Record<string, MatchInput> = {
  boj: {
    title: 'Bank of Japan holds rate as the yen slides',
    text:
      'TOKYO, March 3 - The Bank of Japan kept its interest rate unchanged on Tuesday, and Governor Ueda said the weak yen was lifting import prices. Japanese exporters welcomed the decision.\n\n' +
      'Investors in Tokyo bought shares of Toyota and Sony after the announcement, while bond markets were calm. Analysts expect the central bank to wait until summer.\n\n' +
      'Related articles\nYen falls to a new low\nSubscribe to our newsletter for daily market news.',
  },
  harbour: {
    title: 'Ferry operator doubles harbour crossings',
    text:
      'The ferry operator said it would double the number of harbour crossings next spring. Residents had asked for later boats for years.\n\n' +
      'The harbour authority approved two new berths, and the ferries will run until midnight on weekends. Fares stay the same.',
    categories: ['Local', 'Transport'],
  },
  crypto: {
    title: 'BTC AND ETH RALLY AS ETF INFLOWS GROW',
    text:
      'Bitcoin rose 6% on Monday and ether followed, as spot bitcoin ETF inflows reached a record. Traders on Coinbase and Binance said demand came from funds.\n\n' +
      'A crypto exchange in Seoul reported heavy volume. The token of a smaller blockchain project doubled, and wallet apps saw new users.',
  },
  mixedTopics: {
    title: 'Chipmakers and oil prices weigh on European markets',
    text:
      'European shares fell on Wednesday as semiconductor stocks slid and crude oil prices climbed above $90 a barrel. The euro weakened against the dollar.\n\n' +
      'In Brussels, the European Commission said inflation would ease next year. German and French bonds were little changed, and investors watched OPEC.\n\n' +
      'NASA postponed a rocket launch, and a satellite operator said its orbit tests went well.',
  },
  velmora: {
    title: 'Velmora museum reopens by the quiet lake',
    text:
      'The Velmora museum reopened on Saturday after two years of work. Visitors walked along the quiet lake to the new wing.\n\n' +
      'Velmora officials said ticket sales were strong. Tarsk, a nearby village, plans a similar project in orbit of the old town square.',
  },
  japanese: {
    title: '日銀、金利を据え置き 円安が進む',
    text: '東京 — 日銀は3日、金利を据え置くと発表した。円安が進み、日本の輸出企業は歓迎した。\n\n市場では株価が上昇し、経済への影響を見極める動きが広がった。',
  },
  tariffs: {
    title: 'New tariffs hit steel makers',
    text: 'The government tariffed imported steel last week. Makers said costs rose and steel prices climbed in every market.',
  },
  nothing: {
    title: 'Cycling club plans a summer ride',
    text: 'The cycling club will ride along the river in June. Members can bring friends, and the route is flat.',
  },
};

const EXPECTED: Record<string, [key: string, topic: string, score: number, terms: string[]][]> = {
  boj: [
    ['q:phrase', '"bank of japan" AND (rate OR yen) -anime', 10.88, ['bank of japan', 'rate', 'yen']],
    ['japan:broad', 'japan', 10.04, ['Bank of Japan', 'Tokyo', 'yen', 'Japanese', 'Toyota', 'Sony']],
    ['japan:normal', 'japan', 10.04, ['Bank of Japan', 'Tokyo', 'yen', 'Japanese', 'Toyota', 'Sony']],
    ['japan:strict', 'japan', 10.04, ['Bank of Japan', 'Tokyo', 'yen', 'Japanese', 'Toyota', 'Sony']],
    ['economy:broad', 'economy', 9.86, ['yen', 'banks', 'rates', 'interest rate', 'bond market', 'central bank', 'imports', 'prices', 'investors', 'shares']],
    ['economy:normal', 'economy', 9.86, ['yen', 'banks', 'rates', 'interest rate', 'bond market', 'central bank', 'imports', 'prices', 'investors', 'shares']],
    ['economy:strict', 'economy', 9.86, ['yen', 'banks', 'rates', 'interest rate', 'bond market', 'central bank', 'imports', 'prices', 'investors', 'shares']],
  ],
  harbour: [
    ['q:harbour', 'harbour OR ferry', 8.28, ['harbour', 'ferry']],
    ['q:harbour-broad', 'harbour OR ferry', 8.28, ['harbour', 'ferry']],
    ['q:harbour-twin', 'harbour OR ferry', 8.28, ['harbour', 'ferry']],
  ],
  crypto: [
    ['crypto:broad', 'crypto', 8.63, ['bitcoin', 'Binance', 'Coinbase', 'Ether', 'blockchain', 'crypto exchange', 'wallet', 'token']],
    ['crypto:normal', 'crypto', 8.63, ['bitcoin', 'Binance', 'Coinbase', 'Ether', 'blockchain', 'crypto exchange', 'wallet', 'token']],
    ['crypto:strict', 'crypto', 8.63, ['bitcoin', 'Binance', 'Coinbase', 'Ether', 'blockchain', 'crypto exchange', 'wallet', 'token']],
  ],
  mixedTopics: [
    ['economy:broad', 'economy', 7.97, ['oil prices', 'markets', 'stocks', 'inflation', 'dollar', 'euro', 'shares', 'investors', 'bonds']],
    ['economy:normal', 'economy', 7.97, ['oil prices', 'markets', 'stocks', 'inflation', 'dollar', 'euro', 'shares', 'investors', 'bonds']],
    ['economy:strict', 'economy', 7.97, ['oil prices', 'markets', 'stocks', 'inflation', 'dollar', 'euro', 'shares', 'investors', 'bonds']],
    ['q:common', 'market prices', 6.63, ['prices', 'market']],
    ['europe:broad', 'europe', 6.55, ['European', 'European Commission', 'Brussels', 'euro', 'German', 'French']],
    ['europe:normal', 'europe', 6.55, ['European', 'European Commission', 'Brussels', 'euro', 'German', 'French']],
    ['europe:strict', 'europe', 6.55, ['European', 'European Commission', 'Brussels', 'euro', 'German', 'French']],
    ['energy:broad', 'energy', 5.64, ['oil prices', 'crude oil', 'OPEC', 'barrel']],
    ['energy:normal', 'energy', 5.64, ['oil prices', 'crude oil', 'OPEC', 'barrel']],
    ['energy:strict', 'energy', 5.64, ['oil prices', 'crude oil', 'OPEC', 'barrel']],
    ['technology:broad', 'technology', 4.25, ['chipmaker', 'semiconductor']],
    ['technology:normal', 'technology', 4.25, ['chipmaker', 'semiconductor']],
    ['space:broad', 'space', 1.77, ['NASA', 'rocket', 'satellite', 'orbit', 'launch']],
  ],
  velmora: [
    ['q:velmora-normal', 'Velmora', 4.1, ['Velmora']],
    ['q:mixed', 'orbit AND (Tarsk OR "Orlin station")', 1.42, ['orbit', 'Tarsk']],
    ['space:broad', 'space', 0.43, ['orbit']],
  ],
  japanese: [
    ['japan:broad', 'japan', 11.79, ['日銀', '東京', '日本', '円']],
    ['japan:normal', 'japan', 11.79, ['日銀', '東京', '日本', '円']],
    ['japan:strict', 'japan', 11.79, ['日銀', '東京', '日本', '円']],
    ['q:cjk', '日銀 OR 金利', 8.65, ['日銀', '金利']],
    ['economy:broad', 'economy', 5.61, ['金利', '株価', '経済']],
    ['economy:normal', 'economy', 5.61, ['金利', '株価', '経済']],
    ['economy:strict', 'economy', 5.61, ['金利', '株価', '経済']],
  ],
  tariffs: [
    ['q:tariff', 'tariff steel', 10, ['steel', 'tariff']],
    ['economy:broad', 'economy', 9, ['tariff', 'imports', 'prices', 'markets']],
    ['economy:normal', 'economy', 9, ['tariff', 'imports', 'prices', 'markets']],
    ['economy:strict', 'economy', 9, ['tariff', 'imports', 'prices', 'markets']],
    ['q:common', 'market prices', 6, ['market', 'prices']],
  ],
  nothing: [],
};

describe('TopicIndex.match output', () => {
  const index = buildIndex();
  for (const [name, article] of Object.entries(ARTICLES)) {
    it(`gives exactly the pinned matches for the ${name} article`, () => {
      const got = index.match(article).map((m) => [m.key, m.topic, m.score, m.terms]);
      expect(got).toEqual(EXPECTED[name]);
    });
  }

  it('gives the same matches when the article comes again after others', () => {
    for (const article of Object.values(ARTICLES)) index.match(article);
    const got = index.match(ARTICLES.boj as MatchInput).map((m) => [m.key, m.topic, m.score, m.terms]);
    expect(got).toEqual(EXPECTED.boj);
  });
});
