import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Routes } from 'discord.js';
import { deliverPending } from '../../src/jobs/deliver.ts';
import { canonicalUrl } from '../../src/news/feeds/canonical-url.ts';
import { rssFeed, startHarness, type Harness } from '../support/bot-harness.ts';
import { ChannelFlag, ChannelType, DEFAULT_BOT_PERMISSIONS, Permission } from '../support/discord-server.ts';

/** Forum channels as alert channels: each story a post titled with its headline, tagged with its topic. */
let h: Harness;
const feeds: Record<string, Parameters<typeof rssFeed>[1]> = { first: [], second: [] };
let n = 0;

function item(feed: 'first' | 'second', title: string, text: string) {
  n++;
  feeds[feed]!.push({ id: `${feed}${n}`, title, link: h.web.url(`/${feed}/${n}`), text, date: new Date().toISOString() });
}
const notices = () => h.discord.messages(h.ids.general).map((m) => m.content);
const forum = (name: string, extra: { flags?: number; availableTags?: { name: string }[] } = {}) => h.discord.createChannel(h.ids.guildId, { name, type: ChannelType.GuildForum, ...extra }).id;
const tagNames = (forumId: string, ids: readonly string[] | undefined) =>
  (ids ?? []).map((id) => h.discord.guild(h.ids.guildId).channels.get(forumId)!.availableTags!.find((t) => t.id === id)?.name);
const withManageChannels = () => h.discord.setBotPermissions(h.ids.guildId, DEFAULT_BOT_PERMISSIONS | Permission.ManageChannels);

beforeAll(async () => {
  h = await startHarness();
  for (const name of Object.keys(feeds)) {
    h.web.route(`/${name}.xml`, (_q, r) => r.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed(`${name} wire`, feeds[name]!)));
    await h.run(h.ids.admin, 'feeds add', { url: h.web.url(`/${name}.xml`) });
  }
  await h.poll();
});
afterAll(() => h?.close());

describe('forum channels', () => {
  it('a story becomes a post tagged with its topic (the bot creates the tag); a later article goes into the post', async () => {
    withManageChannels();
    const news = forum('japan-news');
    const reply = await h.run(h.ids.admin, 'alerts follow', { topic: 'japan', channel: news });
    expect(reply.content).toMatch(/now follows \*\*Japan\*\*.*Each story becomes a post in <#\d+>.*I create the tag when the forum lacks it/s);

    const title = 'Japan plans a new tax on short-stay rentals in Tokyo';
    const text = `${title}. Officials in Tokyo said on Monday that the Japanese plan would be debated in parliament next month.`;
    item('first', title, text);
    await h.poll();
    const [post] = h.discord.forumPosts(news);
    expect(post).toMatchObject({ name: title, type: ChannelType.PublicThread });
    expect(tagNames(news, post!.appliedTags)).toEqual(['Japan']);
    const starter = h.discord.messages(post!.id)[0]!;
    expect(starter.id).toBe(post!.id);
    expect(starter.embeds[0]!.title).toBe(title);
    expect(starter.components.length).toBeGreaterThan(0);
    // Its buttons work inside the post as under a text channel's alert.
    const why = (starter.components as { components: { custom_id: string }[] }[])[0]!.components[0]!.custom_id;
    const answer = await (await h.discord.pressButton({ messageId: starter.id, customId: why, user: h.ids.member })).waitForResponse(10_000);
    expect(answer.ephemeral).toBe(true);
    expect(answer.content).toMatch(/This channel follows Japan: matched /);

    item('second', `${title} - Second Wire`, text);
    await h.poll();
    expect(h.discord.forumPosts(news)).toHaveLength(1);
    const inPost = h.discord.messages(post!.id);
    expect(JSON.stringify(inPost[0]!.embeds[0]!.fields)).toMatch(/second wire/);
    expect(inPost).toHaveLength(2);
    expect(inPost[1]!.content).toMatch(/\*\*second wire\*\*/);
    // /why links the alert where it is: inside the post.
    const whyReply = await h.run(h.ids.member, 'why', { url: feeds.first![0]!.link });
    expect(whyReply.content).toContain(`https://discord.com/channels/${h.ids.guildId}/${post!.id}/${post!.id}`);
    // The tag was created once: a second story reuses it without asking Discord again.
    const patches = h.discord.requests(`PATCH /channels/${news}`).length;
    item('first', 'Japan raises its minimum wage in all prefectures', 'Japan raises its minimum wage in all prefectures. The Japanese labour ministry in Tokyo said the rise would apply from October.');
    await h.poll();
    expect(h.discord.forumPosts(news)).toHaveLength(2);
    expect(tagNames(news, h.discord.forumPosts(news)[1]!.appliedTags)).toEqual(['Japan']);
    expect(h.discord.requests(`PATCH /channels/${news}`).length).toBe(patches);
  });

  it('a coverage line into a post Discord archived unarchives it; a locked post drops it without retrying', async () => {
    const news = [...h.discord.guild(h.ids.guildId).channels.values()].find((c) => c.name === 'japan-news')!.id;
    const [first, second] = h.discord.forumPosts(news);
    h.discord.updateChannel(second!.id, (c) => (c.thread!.archived = true));
    const wage = 'Japan raises its minimum wage in all prefectures';
    item('second', `${wage} - Second Wire`, `${wage}. The Japanese labour ministry in Tokyo said the rise would apply from October.`);
    await h.poll();
    expect(h.discord.messages(second!.id)).toHaveLength(2);
    expect(second!.thread!.archived).toBe(false);

    h.discord.updateChannel(first!.id, (c) => (c.thread!.locked = true));
    const before = h.discord.messages(first!.id).length;
    item('second', 'Japan plans a new tax on short-stay rentals in Tokyo, a third take', 'Japan plans a new tax on short-stay rentals in Tokyo. Officials in Tokyo said on Monday that the Japanese plan would be debated in parliament next month.');
    await h.poll();
    await h.poll();
    expect(h.discord.messages(first!.id)).toHaveLength(before);
    expect(await h.store.outbox.list()).toEqual([]);
  });

  it('without Manage Channels the post goes out untagged and the admins are told once why', async () => {
    h.discord.setBotPermissions(h.ids.guildId, DEFAULT_BOT_PERMISSIONS);
    const reactors = forum('reactor-watch');
    const reply = await h.run(h.ids.admin, 'alerts follow', { topic: 'reactor', channel: reactors });
    expect(reply.content).toMatch(/I cannot create tags there \(that needs Manage Channels\)/);
    item('first', 'Finland restarts its newest reactor after repairs', 'Finland restarts its newest reactor after repairs. The reactor had been offline for three months.');
    item('first', 'Engineers test a small reactor design in Idaho', 'Engineers test a small reactor design in Idaho. The reactor uses a new fuel.');
    await h.poll();
    const posts = h.discord.forumPosts(reactors);
    expect(posts).toHaveLength(2);
    expect(posts.map((p) => p.appliedTags)).toEqual([[], []]);
    expect(notices().filter((c) => /go out without their topic tags \(reactor\).*Manage Channels/.test(c))).toHaveLength(1);
    const health = await h.run(h.ids.admin, 'alerts health', { channel: h.ids.health });
    expect(health.content).toMatch(/<#\d+>: posts go out without their topic tags \(I lack Manage Channels there/);

    // Given the permission (after the bot's hour of not asking), tags work again and the admins hear it once.
    withManageChannels();
    h.advance(61 * 60_000);
    item('first', 'A reactor in Ontario gets a twenty-year extension', 'A reactor in Ontario gets a twenty-year extension. The reactor will run until 2046.');
    await h.poll();
    expect(tagNames(reactors, h.discord.forumPosts(reactors)[2]!.appliedTags)).toEqual(['reactor']);
    expect(h.discord.messages(h.ids.health).filter((m) => /carry their topic tags again/.test(m.content))).toHaveLength(1);
  });

  it('/alerts channel on a forum where the bot may not create posts says what is missing', async () => {
    const closed = h.discord.createChannel(h.ids.guildId, { name: 'closed-forum', type: ChannelType.GuildForum, permission_overwrites: [{ id: h.ids.guildId, type: 0, deny: ['SendMessages'] }] }).id;
    const reply = await h.run(h.ids.admin, 'alerts channel', { channel: closed });
    expect(reply.content).toMatch(/I cannot post in <#\d+>: I am missing Create Posts there/);
    expect((await h.store.guilds.get(h.ids.guildId)).defaultChannelId).not.toBe(closed);
  });

  it('a forum that requires a tag the bot cannot apply: the post is dropped, the admins are told once, never a loop', async () => {
    h.discord.setBotPermissions(h.ids.guildId, DEFAULT_BOT_PERMISSIONS);
    const strict = forum('volcano-desk', { flags: ChannelFlag.RequireTag, availableTags: [{ name: 'Misc' }] });
    const reply = await h.run(h.ids.admin, 'alerts follow', { topic: 'volcano', channel: strict });
    expect(reply.content).toMatch(/requires a tag on every post/);
    item('first', 'A volcano in Iceland erupts for the fourth time this year', 'A volcano in Iceland erupts for the fourth time this year. The volcano sent lava towards a town.');
    await h.poll();
    item('first', 'Scientists watch a volcano in Hawaii swell', 'Scientists watch a volcano in Hawaii swell. The volcano may erupt within weeks.');
    await h.poll();
    expect(h.discord.forumPosts(strict)).toEqual([]);
    expect(h.discord.messages(h.ids.health).filter((m) => /requires a tag on every post and I could not apply one \(volcano\)/.test(m.content))).toHaveLength(1);
    expect(await h.store.outbox.list()).toEqual([]);
    expect((await h.run(h.ids.admin, 'alerts health', { channel: h.ids.health })).content).toMatch(/requires a tag I cannot apply/);

    // An admin adds the tag: the next story is posted with it, and the admins hear that alerts flow again.
    h.discord.updateChannel(strict, (c) => c.availableTags!.push({ id: '1100000000000000001', name: 'Volcano', moderated: false, emojiId: null, emojiName: null }));
    item('first', 'A volcano in Chile forces an evacuation', 'A volcano in Chile forces an evacuation. The volcano began to erupt overnight.');
    await h.poll();
    const [post] = h.discord.forumPosts(strict);
    expect(post!.appliedTags).toEqual(['1100000000000000001']);
    expect(h.discord.messages(h.ids.health).filter((m) => /Alerts are posted in <#\d+> again/.test(m.content))).toHaveLength(1);
  });

  it('a deleted forum pauses its alerts and the admins are told, as for a text channel', async () => {
    const gone = forum('short-lived');
    await h.run(h.ids.admin, 'alerts follow', { topic: 'glacier', channel: gone });
    h.discord.deleteChannel(gone);
    item('first', 'A glacier in the Alps loses a record amount of ice', 'A glacier in the Alps loses a record amount of ice. The glacier shrank by four metres.');
    await h.poll();
    expect((await h.store.guilds.get(h.ids.guildId)).pausedChannels[gone]).toMatchObject({ reason: 'deleted' });
    expect(h.discord.messages(h.ids.health).filter((m) => m.content.includes(`<#${gone}> no longer exists`))).toHaveLength(1);
  });

  it('a post Discord made just before the bot lost track of it is recorded, not posted a second time', async () => {
    const desk = forum('comet-desk');
    await h.run(h.ids.admin, 'alerts follow', { topic: 'comet', channel: desk });
    h.discord.failRoute(new RegExp(`POST /channels/${desk}/threads`), 502, 20);
    const title = 'A comet passes close enough to be seen without a telescope';
    item('first', title, `${title}. Astronomers said the comet would be brightest on Friday night.`);
    const cycle = await h.poll();
    expect(cycle.delivery.retrying).toBe(1);
    expect(h.discord.forumPosts(desk)).toEqual([]);
    h.discord.clearFailures();
    // What a lost answer looks like: Discord made the post, but the bot never heard of it.
    await h.bot.client.rest.post(Routes.threads(desk), { body: { name: title, message: { content: 'made before the crash' } } });
    h.advance(31_000);
    expect((await deliverPending(h.bot.ctx)).sent).toBe(1);
    const posts = h.discord.forumPosts(desk);
    expect(posts).toHaveLength(1);
    const [alert] = await h.store.sentAlerts.list((await h.store.seen.findByUrl(canonicalUrl(feeds.first!.at(-1)!.link)))!.storyId);
    expect(alert).toMatchObject({ channelId: desk, messageId: posts[0]!.id, forum: true });
    expect(await h.store.outbox.list()).toEqual([]);
  });
});
