import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rssFeed, startHarness, type Harness } from '../support/bot-harness.ts';

/**
 * One alert per story, as a member following `japan` sees it with several outlets' feeds: copies and rewrites
 * of a story fold into its first alert (edited to name them), different stories still post, and a follow gets
 * what first appears after it whatever date the feed gives.
 */
let h: Harness;
type Item = Parameters<typeof rssFeed>[1][number];
const feeds: Record<string, Item[]> = { harbour: [], ledger: [], coast: [], relay: [] };
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

// An article of our own, long enough for its body to be recognised wherever it is republished.
const PARAGRAPHS = [
  'Prime Minister Sanae Takaichi told President Donald Trump in their first telephone call on Tuesday that the alliance between Japan and the United States remains the foundation of her foreign policy, officials in Tokyo said.',
  'The call lasted about twenty minutes and covered trade, the security of shipping lanes in the region and the cost of stationing American troops in Japan, according to a readout released by the Cabinet Office late in the evening.',
  'Takaichi, who took office last month after winning the leadership of the governing party, said she wanted to visit Washington early next year and invited Trump to return to Japan for a summit in the spring.',
  'Officials said the two leaders agreed that their finance ministers would meet before the end of the year to discuss tariffs on cars and machine parts, which have weighed on exporters in the industrial belt around Nagoya.',
  'Opposition lawmakers asked the government to publish the full record of the conversation, arguing that commitments on defence spending should be debated in parliament before they are promised to a foreign leader.',
  'Analysts at a Tokyo research institute said the tone of the call suggested continuity rather than a change of course, and noted that markets barely moved on the news, with the yen steady against the dollar in late trading.',
];
const page = (title: string, paragraphs: string[], frame = '') =>
  `<!doctype html><html lang="en"><head><title>${title}</title></head><body><header><nav>Home · World · Business</nav></header><article><h1>${title}</h1>${frame}${paragraphs.map((p) => `<p>${p}</p>`).join('')}</article><footer>© The outlet</footer></body></html>`;

beforeAll(async () => {
  h = await startHarness({ MAX_ALERTS_PER_POLL: '10' });
  for (const name of Object.keys(feeds)) {
    h.web.route(`/${name}.xml`, (_q, r) => r.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed(`${name[0]!.toUpperCase()}${name.slice(1)} News`, feeds[name]!)));
  }
  h.web.route('/harbour/takaichi-call', { body: page('Takaichi tells Trump the alliance is her top priority in first call', PARAGRAPHS), contentType: 'text/html' });
  // The same article republished word for word under another headline, in another outlet's frame, its last paragraph cut.
  h.web.route('/ledger/pm-call', {
    body: page(
      'Tokyo’s new leader and the White House hold an opening conversation',
      PARAGRAPHS.slice(0, -1),
      '<p class="byline">By the Ledger wire desk</p><aside><h3>Related</h3><ul><li><a href="/x">Rice prices climb again</a></li></ul></aside><div class="newsletter">Sign up for our morning briefing</div>',
    ),
    contentType: 'text/html',
  });
  await h.run(h.ids.admin, 'alerts channel', { channel: h.ids.alerts });
  for (const name of Object.keys(feeds)) await h.run(h.ids.admin, 'feeds add', { url: h.web.url(`/${name}.xml`) });
  await h.run(h.ids.member, 'follow', { topic: 'japan' });
  await h.poll(); // every feed's first read: nothing in them yet
});
afterAll(() => h?.close());

const alerts = () => h.discord.messages(h.ids.alerts).filter((m) => m.embeds.length);
const coverage = (m: ReturnType<typeof alerts>[number]) => m.embeds[0]!.fields?.find((f) => f.name === 'Also reported by')?.value ?? '';

describe('one alert per story', () => {
  it('a syndicated copy under a new headline posts nothing; the first alert is edited to name its outlet', async () => {
    feeds.harbour!.push({ id: 'h1', title: 'Takaichi tells Trump the alliance is her top priority in first call', link: h.web.url('/harbour/takaichi-call'), text: PARAGRAPHS[0]!, date: minutesAgo(2) });
    await h.poll();
    expect(alerts()).toHaveLength(1);
    // A headline and a feed text that share nothing with the first: only the page's body tells it is a copy.
    feeds.ledger!.push({ id: 'l1', title: 'Tokyo’s new leader and the White House hold an opening conversation', link: h.web.url('/ledger/pm-call'), text: 'A readout described the conversation as warm.', date: minutesAgo(1) });
    const edited = h.discord.waitForEvent('messageUpdate', (m) => m.channelId === h.ids.alerts);
    const thread = h.discord.waitForEvent('threadCreate', (t) => t.parentId === h.ids.alerts);
    await h.poll();
    await edited;
    expect(alerts()).toHaveLength(1);
    expect(coverage(alerts()[0]!)).toMatch(/\[Ledger News\]\(<http:\/\/127\.0\.0\.1:\d+\/ledger\/pm-call>\)/);
    // The follow-up also goes into a thread on the alert, one compact line per article.
    const started = await thread;
    expect(started.messageId).toBe(alerts()[0]!.id);
    expect(started.name).toBe('More coverage: Takaichi tells Trump the alliance is her top priority in first call');
    const lines = h.discord.messages(started.threadId).map((m) => m.content);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^• \*\*Ledger News\*\*: \[Tokyo’s new leader and the White House hold an opening conversation\]\(<http[^>]+\/ledger\/pm-call>\)/);
  });

  it('another outlet\'s rewrite of the same event folds into it too', async () => {
    const before = alerts().length;
    feeds.coast!.push({ id: 'c1', title: 'Takaichi, in first Trump call, calls US alliance her top priority', link: h.web.url('/coast/rewrite'), text: 'Japan\'s leader spoke with the American president on Tuesday.', date: minutesAgo(1) });
    const edited = h.discord.waitForEvent('messageUpdate', (m) => m.channelId === h.ids.alerts && /Coast News/.test(JSON.stringify(m.embeds)));
    await h.poll();
    await edited;
    expect(alerts()).toHaveLength(before);
    expect(coverage(alerts()[0]!)).toMatch(/Ledger News.*Coast News/);
    // Into the same thread: one thread per alert.
    const thread = alerts()[0]!.id;
    expect(h.discord.messages(thread).map((m) => m.content).at(-1)).toMatch(/^• \*\*Coast News\*\*: \[Takaichi, in first Trump call/);
  });

  it('a near-copy of the syndicated copy\'s headline joins the first story too, whose alert names it', async () => {
    const before = alerts().length;
    feeds.relay!.push({ id: 'r1', title: 'Tokyo’s new leader and the White House hold an opening conversation', link: h.web.url('/relay/pm-call'), text: 'A readout described the conversation as warm.', date: minutesAgo(1) });
    const edited = h.discord.waitForEvent('messageUpdate', (m) => m.channelId === h.ids.alerts && /Relay News/.test(JSON.stringify(m.embeds)));
    await h.poll();
    await edited;
    expect(alerts()).toHaveLength(before);
    expect(coverage(alerts()[0]!)).toMatch(/Ledger News.*Coast News.*Relay News/);
  });

  it('/why on a folded article names its story and links the alert', async () => {
    const reply = await h.run(h.ids.member, 'why', { url: h.web.url('/ledger/pm-call') });
    expect(reply.content).toMatch(/part of the story “Takaichi tells Trump the alliance is her top priority in first call” \(first reported by Harbour News\)/);
    expect(reply.content).toContain(`https://discord.com/channels/${h.ids.guildId}/${h.ids.alerts}/${alerts()[0]!.id}`);
  });

  it('a different story about the same person the same day posts on its own', async () => {
    const before = alerts().length;
    feeds.coast!.push({ id: 'c2', title: 'Takaichi names former central banker as finance minister in Japan', link: h.web.url('/coast/finance'), text: 'The appointment surprised members of her own party in Tokyo.', date: minutesAgo(1) });
    await h.poll();
    expect(alerts().slice(before).map((m) => m.embeds[0]!.title)).toEqual(['Takaichi names former central banker as finance minister in Japan']);
  });

  it('an item dated before the follow that first appears after it is posted; one dated days earlier is not', async () => {
    const before = alerts().length;
    feeds.harbour!.push(
      { id: 'h2', title: 'Tokyo port opens night shifts as exports to Asia climb', link: h.web.url('/harbour/port'), text: 'Japan\'s largest container port in Tokyo added night work.', date: minutesAgo(60) },
      { id: 'h3', title: 'Archive: Osaka castle restoration finished in Japan', link: h.web.url('/harbour/archive'), text: 'Workers in Japan finished repairs to the castle roof.', date: minutesAgo(3 * 24 * 60) },
    );
    await h.poll();
    expect(alerts().slice(before).map((m) => m.embeds[0]!.title)).toEqual(['Tokyo port opens night shifts as exports to Asia climb']);
    const why = await h.run(h.ids.member, 'why', { url: h.web.url('/harbour/archive') });
    expect(why.content).toMatch(/history, not news/);
  });

  it('an aggregator feed\'s items carry their own outlets: the alert is the first outlet\'s, a second outlet of the story folds in by name', async () => {
    const item = (id: string, title: string, outlet: string, home: string, text: string) =>
      `<item><title>${title} - ${outlet}</title><link>${h.web.url(`/agg/${id}`)}</link><guid isPermaLink="false">${id}</guid><pubDate>${new Date().toUTCString()}</pubDate><description>${text}</description><source url="${home}">${outlet}</source></item>`;
    let items = '';
    const feed = () => `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>"japan ferry" - Topic Watch</title><link>https://topics.example/</link>${items}</channel></rss>`;
    h.web.route('/topics.xml', (_q, r) => r.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feed()));
    await h.run(h.ids.admin, 'feeds add', { url: h.web.url('/topics.xml') });
    await h.poll();
    const before = alerts().length;
    items += item('a1', 'Japan orders inspections of every ferry after a fire off Hokkaido', 'Northern Daily', 'https://northern-daily.example', 'Japan ordered safety inspections of all passenger ferries after a fire on a ferry off Hokkaido on Monday.');
    await h.poll();
    const [alert] = alerts().slice(before);
    expect(alert!.embeds[0]!.author!.name).toBe('Northern Daily');
    expect(alert!.embeds[0]!.title).toBe('Japan orders inspections of every ferry after a fire off Hokkaido');
    items += item('a2', 'Japan orders inspections of every ferry after a fire off Hokkaido', 'Bay Chronicle', 'https://bay-chronicle.example', 'Japan ordered safety inspections of all passenger ferries after a fire on a ferry off Hokkaido on Monday.');
    const edited = h.discord.waitForEvent('messageUpdate', (m) => m.id === alert!.id && /Bay Chronicle/.test(JSON.stringify(m.embeds)));
    await h.poll();
    await edited;
    expect(alerts().length).toBe(before + 1);
    expect(coverage(alerts().find((m) => m.id === alert!.id)!)).toMatch(/^\[Bay Chronicle\]/);
    expect(JSON.stringify(alerts().slice(before))).not.toMatch(/Topic Watch/);
  });
});
