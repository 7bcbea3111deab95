import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverPending, queueDueDigests } from '../../src/jobs/deliver.ts';
import { fixture } from '../support/fixtures.ts';
import { rssFeed, startHarness, type Harness } from '../support/bot-harness.ts';

let h: Harness;
const later = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

describe('newsbot end to end, through the real discord.js client', () => {
  it('registers every command at start-up, and /topics answers with the catalog', async () => {
    const names = h.discord.registeredCommands().map((c) => c.name).sort();
    expect(names).toEqual(['alerts', 'feeds', 'follow', 'following', 'status', 'summary', 'topics', 'unfollow', 'why']);
    const reply = await h.run(h.ids.member, 'topics');
    expect(reply.ephemeral).toBe(true);
    const fieldNames = reply.embeds[0]!.fields!.map((f) => f.name).join(' ');
    expect(fieldNames).toContain('Japan');
    expect(fieldNames).toContain('Crypto');
  });

  it('refuses bad input with clear private messages and stores nothing', async () => {
    const query = await h.run(h.ids.member, 'follow', { topic: '"bank of japan AND (' });
    expect(query.ephemeral).toBe(true);
    expect(query.content).toMatch(/query does not work/);
    const noChannel = await h.run(h.ids.member, 'follow', { topic: 'japan' });
    expect(noChannel.content).toMatch(/no alert channel yet.*Manage Server/s);
    const link = await h.run(h.ids.member, 'summary', { url: 'not a link' });
    expect(link).toMatchObject({ ephemeral: true, content: expect.stringMatching(/is not a link/) });
    const fileUrl = await h.run(h.ids.member, 'summary', { url: 'file:///etc/passwd' });
    expect(fileUrl.content).toMatch(/Only http and https/);
    for (const [command, options] of [
      ['alerts channel', { channel: h.ids.alerts }],
      ['feeds add', { url: h.web.url('/feed.xml') }],
    ] as const) {
      const denied = await h.run(h.ids.member, command, options);
      expect(denied.ephemeral).toBe(true);
      expect(denied.content).toMatch(/Manage Server/);
    }
    expect(await h.store.subscriptions.listForGuild(h.ids.guildId)).toEqual([]);
    const settings = await h.store.guilds.get(h.ids.guildId);
    expect(settings.defaultChannelId).toBeUndefined();
    expect(settings.feeds).toEqual([]);
  });

  it('admin sets the channel, a member follows japan: one alert with summary and quote, then nothing more, even after a restart', async () => {
    let items: Parameters<typeof rssFeed>[1] = [];
    h.web.route('/world.xml', (_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed('Pacific Wire', items)));
    h.web.route('/japan-port', { body: fixture('pages/e2e/japan-port-deal.html'), contentType: 'text/html; charset=utf-8' });
    h.web.route('/crypto-breach', { body: fixture('pages/e2e/crypto-exchange.html'), contentType: 'text/html' });
    h.web.route('/garden', { body: fixture('pages/e2e/garden-show.html'), contentType: 'text/html' });

    const set = await h.run(h.ids.admin, 'alerts channel', { channel: h.ids.alerts });
    expect(set.content).toMatch(/alert channel/);
    const added = await h.run(h.ids.admin, 'feeds add', { url: h.web.url('/world.xml') });
    expect(added.content).toMatch(/Added \*\*Pacific Wire\*\*/);
    const followed = await h.run(h.ids.member, 'follow', { topic: 'japan' });
    expect(followed.content).toContain(`<#${h.ids.alerts}>`);
    await h.poll(); // first read of the feed: nothing in it is news yet

    items = [
      { id: 'p1', title: 'Japan and Vietnam sign port investment pact', link: h.web.url('/japan-port'), text: 'Tokyo will finance a container terminal.', date: later(0) },
      { id: 'p2', title: 'Exchange halts withdrawals after wallet breach', link: h.web.url('/crypto-breach'), text: 'Bitcoin and ether withdrawals were paused.', date: later(0) },
      { id: 'p3', title: 'Garden show returns to the riverside park', link: h.web.url('/garden'), text: 'Two hundred exhibitors are expected.', date: later(0) },
    ];
    const cycle = await h.poll();
    expect(cycle.delivery.sent).toBe(1);
    const posted = h.discord.messages(h.ids.alerts);
    expect(posted).toHaveLength(1);
    const embed = posted[0]!.embeds[0]!;
    expect(embed.title).toBe('Japan and Vietnam sign port investment pact');
    expect(embed.url).toBe(h.web.url('/japan-port'));
    expect(embed.description).toMatch(/Japan agreed on Tuesday to finance a deep-water container terminal/);
    expect(embed.description).not.toMatch(/Sign up|Related|inbox/);
    const quote = embed.fields!.find((f) => f.value.includes('This port will tie our supply chains'));
    expect(quote?.name).toBe('Kenji Arakawa said');
    expect(embed.footer?.text).toMatch(/Japan · matched: .*(Japan|Tokyo)/);
    expect(posted[0]!.pings).toEqual({ everyone: false, users: [], roles: [] });

    await h.poll();
    expect(h.discord.messages(h.ids.alerts)).toHaveLength(1);
    await h.restart();
    await h.poll();
    expect(h.discord.messages(h.ids.alerts)).toHaveLength(1);
  });

  it('the same story in two feeds posts once', async () => {
    const story = {
      title: 'Bank of Japan keeps rates unchanged as yen weakens',
      text: 'The Bank of Japan left its policy rate unchanged on Wednesday, saying it needed more time to judge how wage gains were feeding into prices, as the yen slid to a three-month low.',
    };
    let a: Parameters<typeof rssFeed>[1] = [];
    let b: Parameters<typeof rssFeed>[1] = [];
    h.web.route('/wire-a.xml', (_q, r) => r.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed('Wire A', a)));
    h.web.route('/wire-b.xml', (_q, r) => r.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed('Wire B', b)));
    await h.run(h.ids.admin, 'feeds add', { url: h.web.url('/wire-a.xml') });
    await h.run(h.ids.admin, 'feeds add', { url: h.web.url('/wire-b.xml') });
    await h.poll();
    const before = h.discord.messages(h.ids.alerts).length;
    a = [{ id: 'a-1', title: story.title, link: h.web.url('/missing-a'), text: story.text, date: later(1) }];
    b = [{ id: 'b-1', title: `${story.title} - Wire B`, link: h.web.url('/missing-b?utm_source=rss'), text: story.text, date: later(1) }];
    await h.poll();
    const after = h.discord.messages(h.ids.alerts);
    expect(after.length - before).toBe(1);
    expect(after.at(-1)!.embeds[0]!.title).toMatch(/^Bank of Japan keeps rates unchanged as yen weakens/);
    await h.poll();
    expect(h.discord.messages(h.ids.alerts).length - before).toBe(1);
  });

  it('/summary defers, then answers with the summary embed of a local page', async () => {
    const reply = await h.run(h.ids.member, 'summary', { url: h.web.url('/japan-port') });
    expect(reply.deferred).toBe(true);
    expect(reply.ephemeral).toBe(false);
    const embed = reply.embeds[0]!;
    expect(embed.title).toBe('Japan and Vietnam sign port investment pact');
    expect(embed.description).toMatch(/container terminal/);
    expect(embed.fields!.some((f) => f.name === 'Kenji Arakawa said')).toBe(true);
  });

  it('/summary on a paywalled page summarises its free opening and says so', async () => {
    h.web.route('/paywalled', { body: fixture('pages/paywalled.html'), contentType: 'text/html' });
    const reply = await h.run(h.ids.member, 'summary', { url: h.web.url('/paywalled') });
    expect(reply.ephemeral).toBe(false);
    expect(reply.embeds[0]!.description).toMatch(/paywall[\s\S]*free opening only/i);
  });

  it('/summary on a page with no readable text falls back to what the feed carried, and says so', async () => {
    const lead = 'The Bank of Japan kept its policy rate unchanged on Thursday and said it would watch wage talks closely before acting. The yen rose slightly after the announcement.';
    h.web.route('/locked.xml', (_q, r) =>
      r.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed('Locked Times', locked ? [{ id: 'lk1', title: 'Bank of Japan holds steady', link: h.web.url('/locked-story'), text: lead, date: later(5) }] : [])),
    );
    let locked = false;
    h.web.route('/locked-story', { body: '<html><body><div id="app"></div><script>render()</script></body></html>', contentType: 'text/html' });
    await h.run(h.ids.admin, 'feeds add', { url: h.web.url('/locked.xml') });
    await h.poll();
    locked = true;
    await h.poll();
    const reply = await h.run(h.ids.member, 'summary', { url: h.web.url('/locked-story') });
    expect(reply.embeds[0]!.description).toMatch(/Bank of Japan kept its policy rate unchanged/);
    expect(reply.embeds[0]!.description).toMatch(/from the feed’s preview/);
  });

  it('/summary on a page that is not an article tells only the asker', async () => {
    h.web.route('/data.json', { body: '{"a":1}', contentType: 'application/json' });
    const record = await h.discord.sendInteraction({ guildId: h.ids.guildId, channelId: h.ids.general, user: h.ids.member, commandName: 'summary', options: { url: h.web.url('/data.json') } });
    const [note] = await record.waitForFollowUps(1, 10_000);
    expect(note!.ephemeral).toBe(true);
    expect(note!.content).toMatch(/JSON data, not an article/);
  });

  it('a digest channel gets one message for several articles', async () => {
    let items: Parameters<typeof rssFeed>[1] = [];
    h.web.route('/markets.xml', (_q, r) => r.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed('Markets Daily', items)));
    await h.run(h.ids.admin, 'feeds add', { url: h.web.url('/markets.xml') });
    await h.run(h.ids.admin, 'alerts channel', { channel: h.ids.markets, topic: 'crypto' });
    await h.run(h.ids.admin, 'alerts mode', { mode: 'hourly', channel: h.ids.markets });
    await h.run(h.ids.member, 'follow', { topic: 'crypto' });
    await h.poll();
    items = ['Bitcoin climbs past record as ETF inflows grow', 'Ethereum developers schedule next network upgrade', 'Stablecoin issuer publishes reserve audit'].map((title, i) => ({
      id: `m${i}`,
      title,
      link: h.web.url(`/m${i}`),
      text: `${title}. Crypto traders and blockchain analysts reacted to the news about bitcoin and ether on Tuesday.`,
      date: later(2),
    }));
    await h.poll();
    expect(h.discord.messages(h.ids.markets)).toHaveLength(0);
    // The hour is not over yet; force the digest out as the end of the period would.
    await queueDueDigests(h.bot.ctx, true);
    await deliverPending(h.bot.ctx);
    const digest = h.discord.messages(h.ids.markets);
    expect(digest).toHaveLength(1);
    expect(digest[0]!.embeds[0]!.title).toMatch(/Hourly digest: 3 stories/);
    for (const t of ['Bitcoin climbs', 'Ethereum developers', 'Stablecoin issuer']) expect(digest[0]!.embeds[0]!.description).toContain(t);
  });

  it('a channel that starts answering 403 is paused and admins are told; other channels keep receiving', async () => {
    await h.run(h.ids.admin, 'alerts health', { channel: h.ids.health });
    await h.run(h.ids.admin, 'alerts mode', { mode: 'realtime', channel: h.ids.markets });
    let items: Parameters<typeof rssFeed>[1] = [];
    h.web.route('/mixed.xml', (_q, r) => r.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed('Mixed', items)));
    await h.run(h.ids.admin, 'feeds add', { url: h.web.url('/mixed.xml') });
    await h.poll();
    h.discord.failChannel(h.ids.alerts, 403);
    const markets = h.discord.messages(h.ids.markets).length;
    items = [
      { id: 'x1', title: 'Tokyo stocks rally as Nikkei hits a record high', link: h.web.url('/x1'), text: 'Japanese shares rose on Thursday, lifting the Nikkei average to a record as exporters gained on a weaker yen.', date: later(3) },
      { id: 'x2', title: 'Bitcoin miners expand after halving', link: h.web.url('/x2'), text: 'Bitcoin mining companies added capacity, crypto analysts said, as the blockchain network’s difficulty rose.', date: later(3) },
    ];
    const cycle = await h.poll();
    expect(cycle.delivery.paused).toEqual([h.ids.alerts]);
    expect(h.discord.messages(h.ids.markets).length).toBe(markets + 1);
    const notice = await h.discord.waitForMessage((m) => m.channelId === h.ids.health, 5_000);
    expect(notice.content).toMatch(/can no longer post in <#\d+>.*paused/);
    const settings = await h.store.guilds.get(h.ids.guildId);
    expect(settings.pausedChannels[h.ids.alerts]?.reason).toBe('missing-access');
    // Told once: a further poll with the channel still failing says nothing new.
    await h.poll();
    expect(h.discord.messages(h.ids.health)).toHaveLength(1);
  });
});
