import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rssFeed, startHarness, type Harness } from '../support/bot-harness.ts';

/** Which languages a server reads and gets: starter feeds by the server's locale, and an admin's language limit. */
let h: Harness;
let items: Parameters<typeof rssFeed>[1] = [];

beforeAll(async () => {
  h = await startHarness();
  h.web.route('/mixed.xml', (_q, r) => r.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed('Mixed Desk', items)));
  await h.run(h.ids.admin, 'alerts channel', { channel: h.ids.alerts });
  await h.run(h.ids.admin, 'feeds add', { url: h.web.url('/mixed.xml') });
  await h.run(h.ids.member, 'follow', { topic: 'japan' });
  await h.poll();
});
afterAll(() => h?.close());

describe('languages', () => {
  it('an English server is not given a Japanese-language starter feed; a Japanese server is', async () => {
    const english = await h.run(h.ids.admin, 'feeds starter');
    expect(english.content).toMatch(/for a server in English/);
    expect(english.content).toMatch(/Japan: [^\n]*\(English\)/);
    expect(english.content).not.toMatch(/nhk\.or\.jp/);
    h.discord.guild(h.ids.guildId).preferredLocale = 'ja';
    const japanese = await h.run(h.ids.admin, 'feeds starter');
    expect(japanese.content).toMatch(/for a server in Japanese/);
    expect(japanese.content).toMatch(/www3\.nhk\.or\.jp \(Japanese\)/);
    h.discord.guild(h.ids.guildId).preferredLocale = 'en-US';
    await h.run(h.ids.admin, 'feeds starter');
  });

  it('/alerts language keeps other languages out of a channel, /why says so, and "any" lifts it', async () => {
    const limited = await h.run(h.ids.admin, 'alerts language', { codes: 'en', channel: h.ids.alerts });
    expect(limited.content).toMatch(/now gets only alerts in English \(en\)/);
    items = [
      { id: 'ja1', title: '日本銀行が金利を据え置き、東京市場で円相場は小動き', link: h.web.url('/ja/1'), text: '日本銀行は木曜日、金融政策決定会合で金利の据え置きを決めた。東京の外国為替市場では円相場が小幅な動きにとどまった。', date: new Date().toISOString() },
      { id: 'en1', title: 'Bank of Japan holds rates as the yen steadies in Tokyo', link: h.web.url('/en/1'), text: 'The Bank of Japan kept its policy rate unchanged on Thursday, and the yen moved little in Tokyo trading.', date: new Date().toISOString() },
    ];
    await h.poll();
    const posted = h.discord.messages(h.ids.alerts).filter((m) => m.embeds.length).map((m) => m.embeds[0]!.title);
    expect(posted).toEqual(['Bank of Japan holds rates as the yen steadies in Tokyo']);
    const why = await h.run(h.ids.member, 'why', { url: h.web.url('/ja/1') });
    expect(why.content).toMatch(/takes only articles in en \(set with \/alerts language\)/);
    const lifted = await h.run(h.ids.admin, 'alerts language', { codes: 'any', channel: h.ids.alerts });
    expect(lifted.content).toMatch(/takes alerts in any language again/);
  });

  it('an unknown language code is refused in plain words and changes nothing', async () => {
    const reply = await h.run(h.ids.admin, 'alerts language', { codes: 'english', channel: h.ids.alerts });
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toMatch(/I do not know the language code “english”/);
    expect((await h.store.guilds.get(h.ids.guildId)).languages ?? {}).toEqual({});
  });
});
