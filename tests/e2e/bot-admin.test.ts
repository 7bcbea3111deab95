import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rssFeed, startHarness, type Harness } from '../support/bot-harness.ts';

let h: Harness;
let items: Parameters<typeof rssFeed>[1] = [];
const later = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
const japanStory = (id: string, title: string) => ({
  id,
  title,
  // A local address that answers 404: the bot falls back to the feed's text without touching the network.
  link: h.web.url(`/news/${id}`),
  text: `${title}. Officials in Tokyo said the Japanese government would respond, and the yen moved on the news.`,
  date: later(1),
});

beforeAll(async () => {
  h = await startHarness({ MAX_ALERTS_PER_POLL: '3' });
  h.web.route('/feed.xml', (_q, r) => r.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed('Tokyo Desk', items)));
  await h.run(h.ids.admin, 'alerts channel', { channel: h.ids.alerts });
  await h.run(h.ids.admin, 'feeds add', { url: h.web.url('/feed.xml') });
  await h.poll();
});
afterAll(() => h?.close());

describe('admin and member commands', () => {
  it('admin commands are registered with Manage Server as their default permission', () => {
    const byName = new Map(h.discord.registeredCommands().map((c) => [c.name, c]));
    for (const name of ['alerts', 'feeds', 'status']) expect(String(byName.get(name)!.default_member_permissions)).toBe('32');
    expect(byName.get('follow')!.default_member_permissions ?? null).toBeNull();
  });

  it('the topic option autocompletes from the catalog and offers what was typed as a custom query', async () => {
    const record = await h.discord.sendInteraction({ guildId: h.ids.guildId, channelId: h.ids.general, user: h.ids.member, commandName: 'follow', type: 'autocomplete', focused: 'topic', options: { topic: 'jap' } });
    const choices = await record.waitForAutocomplete();
    expect(choices.map((c) => c.value)).toContain('japan');
    expect(choices[0]!.name).toMatch(/Custom query: jap/);
  });

  it('/alerts channel names the permissions the bot lacks in a channel, and stores nothing', async () => {
    const reply = await h.run(h.ids.admin, 'alerts channel', { channel: h.ids.locked, topic: 'space' });
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toMatch(/I cannot post in <#\d+>: I am missing View Channel there/);
    expect((await h.store.guilds.get(h.ids.guildId)).topicChannels.space).toBeUndefined();
  });

  it('a member who lost Manage Server since Discord showed the command is refused at run time', async () => {
    const record = await h.discord.sendInteraction({ guildId: h.ids.guildId, channelId: h.ids.general, user: h.ids.admin, memberPermissions: ['ViewChannel', 'SendMessages'], commandName: 'alerts pause', options: {} });
    const reply = await record.waitForResponse();
    expect(reply.content).toMatch(/Manage Server/);
    expect((await h.store.guilds.get(h.ids.guildId)).pausedChannels).toEqual({});
  });

  it('a busy poll posts at most the configured number of alerts and lists the rest in one message; ping:true mentions only that member', async () => {
    await h.run(h.ids.member, 'follow', { topic: 'japan', ping: true });
    const following = await h.run(h.ids.member, 'following');
    expect(following.content).toMatch(/Japan → <#\d+> \(mentions you\)/);
    const before = h.discord.messages(h.ids.alerts).length;
    items = ['Tokyo unveils stimulus', 'Japan exports rise', 'Yen hits new low', 'Nikkei closes higher', 'Japanese carmakers expand'].map((t, i) => japanStory(`s${i}`, t));
    const cycle = await h.poll();
    expect(cycle.queued).toBe(4);
    const posted = h.discord.messages(h.ids.alerts).slice(before);
    expect(posted).toHaveLength(4);
    expect(posted.map((m) => m.embeds[0]?.title)).toEqual(['Tokyo unveils stimulus', 'Japan exports rise', 'Yen hits new low', 'More on Japan (2)']);
    expect(posted.slice(0, 3).every((m) => m.embeds.length === 1 && m.embeds[0]!.url)).toBe(true);
    expect(posted.slice(0, 3).every((m) => m.pings.users.length === 1 && m.pings.users[0] === h.ids.member && !m.pings.everyone)).toBe(true);
    const overflow = posted[3]!.embeds[0]!;
    expect(overflow.title).toMatch(/More on Japan \(2\)/);
    expect(overflow.description).toMatch(/Nikkei closes higher[\s\S]*Japanese carmakers expand|Japanese carmakers expand[\s\S]*Nikkei closes higher/);
  });

  it('article text trying to ping @everyone or a role pings nobody', async () => {
    const before = h.discord.messages(h.ids.alerts).length;
    items = [{ ...japanStory('evil', 'Tokyo rally @everyone <@&123456789012345678> [https://bank.example](https://evil.example)'), text: 'Japan news @here <@123456789012345678> from Tokyo about the yen. Click [https://bank.example](https://evil.example) now.' }];
    await h.poll();
    const [message] = h.discord.messages(h.ids.alerts).slice(before);
    expect(message!.pings).toEqual({ everyone: false, users: [h.ids.member], roles: [] });
    expect(message!.embeds[0]!.title).not.toMatch(/\[https:\/\/bank\.example\]\(https:\/\/evil\.example\)/);
  });

  it('/why explains a posted article, one from an unread feed, and one never seen', async () => {
    const posted = await h.run(h.ids.member, 'why', { url: `${h.web.url('/news/s0')}?utm_source=x` });
    expect(posted.content).toMatch(/posted in <#\d+> as its own alert/);
    const listed = await h.run(h.ids.member, 'why', { url: h.web.url('/news/s4') });
    expect(listed.content).toMatch(/in a “more on …” list/);
    const never = await h.run(h.ids.member, 'why', { url: 'https://elsewhere.example/story' });
    expect(never.content).toMatch(/has not seen this article in any feed it reads/);
  });

  it('/status shows feeds, last poll, last delivery and paused channels; /unfollow stops alerts', async () => {
    await h.run(h.ids.admin, 'alerts pause', { channel: h.ids.markets });
    const status = await h.run(h.ids.admin, 'status');
    expect(status.content).toMatch(/Feeds read:\*\* 1 \(0 failing\)/);
    expect(status.content).toMatch(/Last poll:\*\* \d{4}-\d\d-\d\d/);
    expect(status.content).toMatch(/Last delivery here:\*\* \d{4}/);
    expect(status.content).toMatch(/<#\d+> since .*paused by an admin/);
    const un = await h.run(h.ids.member, 'unfollow', { topic: 'japan' });
    expect(un.content).toMatch(/no longer follow \*\*Japan\*\*/);
    const before = h.discord.messages(h.ids.alerts).length;
    items = [japanStory('after', 'Tokyo hosts summit on trade')];
    await h.poll();
    expect(h.discord.messages(h.ids.alerts).length).toBe(before);
  });

  it('a deleted alert channel is paused and the admins are told in the system channel', async () => {
    await h.run(h.ids.member, 'follow', { topic: 'japan' });
    const systemBefore = h.discord.messages(h.ids.general).length;
    h.discord.deleteChannel(h.ids.alerts);
    items = [japanStory('gone', 'Japan opens new consulate')];
    const cycle = await h.poll();
    expect(cycle.delivery.paused).toEqual([h.ids.alerts]);
    const notice = h.discord.messages(h.ids.general).slice(systemBefore);
    expect(notice).toHaveLength(1);
    expect(notice[0]!.content).toMatch(/no longer exists/);
  });
});
