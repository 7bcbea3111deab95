import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rssFeed, startHarness, type Harness } from '../support/bot-harness.ts';

/**
 * One catalogue, two languages: a member's replies follow their own Discord locale, what the bot posts in a
 * server follows the server's preferred locale, whoever asked for it.
 */
let h: Harness;
let desk: Parameters<typeof rssFeed>[1] = [];
let wire: Parameters<typeof rssFeed>[1] = [];
const alerts = () => h.discord.messages(h.ids.alerts).filter((m) => m.embeds.length);
const buttonsOf = (m: { components: unknown[] }) => (m.components as { components: { label: string; custom_id: string }[] }[]).flatMap((r) => r.components);
const headline = 'Japan’s finance minister promises to watch the yen closely after a sharp fall';
const paragraphs = [
  'The yen fell to its weakest level in months against the dollar on Tuesday, and Japan’s government said it was watching the market.',
  'Exporters in Osaka welcomed the weaker currency, while importers of fuel and food warned that prices in shops would rise again before the winter.',
  'The currency has lost almost a tenth of its value since the spring, as the gap between interest rates in Japan and the United States stayed wide.',
  '“We will respond appropriately to excessive moves in the currency,” Finance Minister Ana Okada told reporters in Tokyo.',
  'Traders in Tokyo said the central bank was unlikely to act before its next meeting in December.',
];
const body = paragraphs.slice(0, 2).join(' ');

beforeAll(async () => {
  h = await startHarness();
  h.web.route('/desk.xml', (_q, r) => r.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed('Harbour Desk', desk)));
  h.web.route('/wire.xml', (_q, r) => r.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed('Inland Wire', wire)));
  const page = (outlet: string) =>
    `<!doctype html><html lang="en"><head><title>${headline} | ${outlet}</title><meta property="og:site_name" content="${outlet}"></head><body><main><article><h1>${headline}</h1>` +
    `${paragraphs.map((p) => `<p>${p}</p>`).join('')}</article></main></body></html>`;
  h.web.route('/desk/yen', (_q, r) => r.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page('Harbour Desk')));
  h.web.route('/wire/yen', (_q, r) => r.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page('Inland Wire')));
  h.discord.guild(h.ids.guildId).preferredLocale = 'ja';
  await h.run(h.ids.admin, 'alerts channel', { channel: h.ids.alerts });
  await h.run(h.ids.admin, 'feeds add', { url: h.web.url('/desk.xml') });
  await h.run(h.ids.admin, 'feeds add', { url: h.web.url('/wire.xml') });
  await h.poll();
});
afterAll(() => h?.close());

describe('the member\'s language and the server\'s', () => {
  it('a Japanese member gets Japanese replies, topic names and errors; an English member in the same server gets English', async () => {
    const ja = await h.run(h.ids.member, 'follow', { topic: 'japan' }, h.ids.general, 'ja');
    expect(ja.content).toMatch(/\*\*日本\*\* をフォローしました。これからの新しいニュースは <#\d+> に投稿されます。/);
    const refused = await h.run(h.ids.member, 'unfollow', { topic: 'crypto' }, h.ids.general, 'ja');
    expect(refused.ephemeral).toBe(true);
    expect(refused.content).toMatch(/^暗号資産 はフォローしていません。/);
    const topics = await h.run(h.ids.member, 'topics', {}, h.ids.general, 'ja');
    expect(topics.embeds[0]!.title).toBe('フォローできるトピック');
    expect(topics.embeds[0]!.fields![0]!.name).toBe('日本 (`japan`)');
    const en = await h.run(h.ids.admin, 'follow', { topic: 'japan' }, h.ids.general, 'en-GB');
    expect(en.content).toMatch(/You now follow \*\*Japan\*\*\. New stories from now on will be posted in <#\d+>\./);
  });

  it('a link that cannot be read is explained in the member\'s language, with the site it came from', async () => {
    h.web.route('/gone', (_q, r) => r.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not here</h1>'));
    // /summary thinks in public, then answers a failure privately in a follow-up.
    const summaryFailure = async (user: string, locale: string) => {
      const record = await h.discord.sendInteraction({ guildId: h.ids.guildId, channelId: h.ids.general, user, commandName: 'summary', options: { url: h.web.url('/gone') }, locale });
      return (await record.waitForFollowUps(1, 10_000))[0]!;
    };
    const ja = await summaryFailure(h.ids.member, 'ja');
    expect(ja.content).toBe(`そのリンクを要約できませんでした：${new URL(h.web.url('/')).host} を読み込めませんでした。`);
    expect((await summaryFailure(h.ids.admin, 'en-US')).content).toMatch(/^I could not summarise that link: .*404/);
    const feed = await h.run(h.ids.admin, 'feeds add', { url: h.web.url('/gone') }, h.ids.general, 'ja');
    expect(feed.content).toBe(`そのフィードを追加できませんでした：${new URL(h.web.url('/')).host} が HTTP 404 を返しました。`);
  });

  it('an alert in a Japanese server has Japanese labels and buttons, and an English article\'s quote keeps its own marks', async () => {
    desk = [{ id: 'd1', title: headline, link: h.web.url('/desk/yen'), text: body, date: new Date().toISOString() }];
    await h.poll();
    const [alert] = alerts();
    expect(alert!.embeds[0]!.title).toBe(headline);
    expect(alert!.embeds[0]!.fields![0]).toEqual({ name: '発言', value: '“We will respond appropriately to excessive moves in the currency” — Ana Okada' });
    expect(alert!.embeds[0]!.footer!.text).toMatch(/^日本 · 一致：/);
    expect(buttonsOf(alert!).map((b) => b.label)).toEqual(['なぜ届いた？', '日本のフォローをやめる']);
    expect([alert!.embeds[0]!.footer!.text, ...alert!.embeds[0]!.fields!.map((f) => f.name)].join(' ')).not.toMatch(/said|matched|Quote|Also reported/);
  });

  it('a second outlet of the story is added to the alert as ほかの報道, and the thread is named in Japanese', async () => {
    wire = [{ id: 'w1', title: headline, link: h.web.url('/wire/yen'), text: body, date: new Date().toISOString() }];
    await h.poll();
    expect(alerts()).toHaveLength(1);
    const edited = h.discord.messages(h.ids.alerts)[0]!;
    expect(edited.embeds[0]!.fields!.at(-1)).toMatchObject({ name: 'ほかの報道', value: expect.stringMatching(/^\[Inland Wire\]/) });
    const start = h.discord.requests().find((r) => r.method === 'POST' && /\/messages\/\d+\/threads$/.test(r.path));
    expect((start!.body as { name: string }).name).toBe(`続報：${headline}`.slice(0, 100));
  });

  it('the buttons answer each member in their own language', async () => {
    const alert = alerts()[0]!;
    const why = buttonsOf(alert)[0]!.custom_id;
    const ja = await (await h.discord.pressButton({ messageId: alert.id, customId: why, user: h.ids.member, locale: 'ja' })).waitForResponse(10_000);
    expect(ja.content).toMatch(/が届いた理由：\n• あなたの日本のフォロー：一致した語 /);
    const en = await (await h.discord.pressButton({ messageId: alert.id, customId: why, user: h.ids.admin, locale: 'en-US' })).waitForResponse(10_000);
    expect(en.content).toMatch(/reached you because:\n• Your follow of Japan: matched /);
  });

  it('when the server switches to English, its next alerts are English', async () => {
    h.discord.guild(h.ids.guildId).preferredLocale = 'en-US';
    await h.run(h.ids.member, 'following', {}, h.ids.general, 'ja');
    desk = [...desk, { id: 'd2', title: 'Tokyo court rules on Japan’s fishing rights in the north', link: h.web.url('/desk/court'), text: 'A court in Tokyo ruled on Wednesday that Japan’s fishing rights in the north must be reviewed.', date: new Date().toISOString() }];
    await h.poll();
    const latest = alerts().at(-1)!;
    expect(latest.embeds[0]!.title).toMatch(/Tokyo court/);
    expect(buttonsOf(latest)[0]!.label).toBe('Why this?');
  });

  it('a Japanese member\'s DM alerts are in Japanese and name the server, while the English server\'s channel gets the same story in English', async () => {
    const reply = await h.run(h.ids.member, 'follow', { topic: 'japan', deliver: 'dm' }, h.ids.general, 'ja');
    expect(reply.content).toMatch(/あなたのDMに届きます/);
    desk = [...desk, { id: 'd3', title: 'Japan’s parliament passes a law on night trains in Hokkaido', link: h.web.url('/desk/trains'), text: 'Japan’s parliament passed a law on Friday to keep night trains running in Hokkaido through the winter.', date: new Date().toISOString() }];
    await h.poll();
    const dm = h.discord.directMessages(h.ids.member).at(-1)!;
    expect(dm.embeds[0]!.title).toMatch(/night trains/);
    expect(dm.embeds[0]!.footer!.text).toMatch(new RegExp(`^日本 · 一致：.* · ${h.discord.guild(h.ids.guildId).name}から$`));
    expect(buttonsOf(dm)[0]!.label).toBe('なぜ届いた？');
    const channel = alerts().at(-1)!;
    expect(channel.embeds[0]!.title).toMatch(/night trains/);
    expect(channel.embeds[0]!.footer!.text).toMatch(/^Japan · matched: /);
    expect(channel.embeds[0]!.footer!.text).not.toContain(h.discord.guild(h.ids.guildId).name);
  });
});
