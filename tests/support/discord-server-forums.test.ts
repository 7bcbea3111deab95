// Forum and media channels on the local Discord server, driven by the real discord.js client: the channels
// and their tags arrive in GUILD_CREATE as discord.js's ForumChannel/MediaChannel, a post is a thread whose
// starter message has its id, tags are applied, created (Manage Channels) and refused as Discord does.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelType, Client, ForumChannel, GatewayIntentBits, MediaChannel, ThreadChannel } from 'discord.js';
import { ChannelFlag, snowflake, startDiscordServer, type DiscordServer } from './discord-server.ts';

const TOKEN = 'MTIzNDU2.test-token.for-forum-channels';
const guildId = snowflake();
const forumId = snowflake();
const mediaId = snowflake();
const strictId = snowflake();
const newsTag = snowflake();

let discord: DiscordServer;
let client: Client;

beforeAll(async () => {
  discord = await startDiscordServer({
    token: TOKEN,
    guilds: [
      {
        id: guildId,
        name: 'Forum Club',
        botPermissions: ['ViewChannel', 'SendMessages', 'SendMessagesInThreads', 'EmbedLinks', 'ReadMessageHistory'],
        channels: [
          { name: 'general' },
          { id: forumId, name: 'news-forum', type: ChannelType.GuildForum, availableTags: [{ id: newsTag, name: 'News' }] },
          { id: mediaId, name: 'clips', type: ChannelType.GuildMedia },
          { id: strictId, name: 'strict', type: ChannelType.GuildForum, flags: ChannelFlag.RequireTag, availableTags: [{ name: 'Only' }] },
        ],
      },
    ],
  });
  client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: discord.apiUrl } });
  await client.login(TOKEN);
  await new Promise<void>((resolve) => (client.isReady() ? resolve() : client.once('clientReady', () => resolve())));
});

afterAll(async () => {
  await client?.destroy();
  await discord?.close();
});

function api(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${discord.apiUrl}/v10${path}`, {
    method,
    headers: { authorization: `Bot ${TOKEN}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function forum(id: string): Promise<ForumChannel | MediaChannel> {
  return (await client.channels.fetch(id)) as ForumChannel | MediaChannel;
}

describe('forum and media channels', () => {
  it('arrive with their type, tags and flags, in the gateway cache and from GET /channels/:id', async () => {
    const cached = client.channels.cache.get(forumId);
    expect(cached).toBeInstanceOf(ForumChannel);
    expect((cached as ForumChannel).availableTags).toEqual([{ id: newsTag, name: 'News', moderated: false, emoji: null }]);
    expect(client.channels.cache.get(mediaId)).toBeInstanceOf(MediaChannel);
    const strict = (await (await api('GET', `/channels/${strictId}`)).json()) as { type: number; flags: number; available_tags: unknown[] };
    expect(strict).toMatchObject({ type: 15, flags: ChannelFlag.RequireTag });
    expect(strict.available_tags).toHaveLength(1);
  });

  it('a post is a public thread in the forum whose starter message has the thread’s id, carrying its tags', async () => {
    const thread = await (await forum(forumId)).threads.create({ name: 'Tokyo opens a new line', message: { content: 'first words', embeds: [{ title: 'An embed' }] }, appliedTags: [newsTag] });
    expect(thread).toBeInstanceOf(ThreadChannel);
    expect(thread).toMatchObject({ type: ChannelType.PublicThread, parentId: forumId, appliedTags: [newsTag], name: 'Tokyo opens a new line' });
    const [starter] = discord.messages(thread.id);
    expect(starter).toMatchObject({ id: thread.id, content: 'first words' });
    expect(discord.forumPosts(forumId).map((p) => p.id)).toEqual([thread.id]);
    // The starter message is edited where it lives: in the post.
    const edited = await api('PATCH', `/channels/${thread.id}/messages/${thread.id}`, { content: 'edited words' });
    expect(edited.status).toBe(200);
    expect(discord.messages(thread.id)[0]!.content).toBe('edited words');
    // Messages in the post need Send Messages in Threads, as in any thread.
    expect((await api('POST', `/channels/${thread.id}/messages`, { content: 'a reply' })).status).toBe(200);
  });

  it('a media channel takes posts too; a forum takes no plain messages', async () => {
    const res = await api('POST', `/channels/${mediaId}/threads`, { name: 'A clip', message: { content: 'watch' } });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string; message: { id: string; channel_id: string } };
    expect(body.message).toMatchObject({ id: body.id, channel_id: body.id });
    const plain = await api('POST', `/channels/${forumId}/messages`, { content: 'hello' });
    expect(await plain.json()).toMatchObject({ code: 50008 });
  });

  it('refuses a post without a required tag (40067), with an unknown tag or more than five (400)', async () => {
    const none = await api('POST', `/channels/${strictId}/threads`, { name: 'Untagged', message: { content: 'x' } });
    expect(none.status).toBe(400);
    expect(await none.json()).toEqual({ code: 40067, message: 'A tag is required to create a forum post in this channel' });
    const unknown = await api('POST', `/channels/${forumId}/threads`, { name: 'Bad tag', message: { content: 'x' }, applied_tags: [snowflake()] });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ code: 50035, errors: { applied_tags: { 0: { _errors: [{ code: 'TAG_INVALID' }] } } } });
    const six = await api('POST', `/channels/${forumId}/threads`, { name: 'Many', message: { content: 'x' }, applied_tags: Array.from({ length: 6 }, () => newsTag) });
    expect(await six.json()).toMatchObject({ code: 50035, errors: { applied_tags: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } });
    expect(discord.forumPosts(strictId)).toEqual([]);
  });

  it('creates tags only with Manage Channels, at most 20, giving new ones ids', async () => {
    const tags = [{ id: newsTag, name: 'News' }, { name: 'Japan' }];
    const refused = await api('PATCH', `/channels/${forumId}`, { available_tags: tags });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 50013 });
    discord.setBotPermissions(guildId, ['ViewChannel', 'SendMessages', 'SendMessagesInThreads', 'EmbedLinks', 'ManageChannels']);
    const created = (await (await api('PATCH', `/channels/${forumId}`, { available_tags: tags })).json()) as { available_tags: { id: string; name: string }[] };
    expect(created.available_tags.map((t) => t.name)).toEqual(['News', 'Japan']);
    expect(created.available_tags[0]!.id).toBe(newsTag);
    expect(created.available_tags[1]!.id).toMatch(/^\d{17,20}$/);
    const tooMany = await api('PATCH', `/channels/${forumId}`, { available_tags: Array.from({ length: 21 }, (_, i) => ({ name: `t${i}` })) });
    expect(await tooMany.json()).toMatchObject({ code: 50035, errors: { available_tags: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } });
    const twice = await api('PATCH', `/channels/${forumId}`, { available_tags: [{ name: 'Japan' }, { name: 'japan' }] });
    expect(await twice.json()).toMatchObject({ code: 40061 });
    // discord.js hears of the new tag through CHANNEL_UPDATE.
    await expect.poll(() => (client.channels.cache.get(forumId) as ForumChannel).availableTags.map((t) => t.name)).toEqual(['News', 'Japan']);
  });

  it('a message unarchives an archived post; a locked one refuses it (160005); an archived one refuses edits (50083)', async () => {
    const post = (await (await api('POST', `/channels/${forumId}/threads`, { name: 'Later closed', message: { content: 'x' } })).json()) as { id: string };
    discord.updateChannel(post.id, (c) => (c.thread!.archived = true));
    const edit = await api('PATCH', `/channels/${post.id}/messages/${post.id}`, { content: 'y' });
    expect(await edit.json()).toMatchObject({ code: 50083 });
    expect((await api('POST', `/channels/${post.id}/messages`, { content: 'more' })).status).toBe(200);
    expect(discord.guild(guildId).channels.get(post.id)!.thread!.archived).toBe(false);
    discord.updateChannel(post.id, (c) => (c.thread!.locked = true));
    const locked = await api('POST', `/channels/${post.id}/messages`, { content: 'again' });
    expect(await locked.json()).toMatchObject({ code: 160005 });
  });

  it('refuses a post where the bot may not create posts (403 50013) or see the forum (403 50001)', async () => {
    discord.setChannelOverwrites(forumId, [{ id: guildId, type: 0, deny: ['SendMessages'] }]);
    const noSend = await api('POST', `/channels/${forumId}/threads`, { name: 'x', message: { content: 'x' } });
    expect(await noSend.json()).toMatchObject({ code: 50013 });
    discord.setChannelOverwrites(mediaId, [{ id: guildId, type: 0, deny: ['ViewChannel'] }]);
    const hidden = await api('POST', `/channels/${mediaId}/threads`, { name: 'x', message: { content: 'x' } });
    expect(await hidden.json()).toMatchObject({ code: 50001 });
  });
});
