// Forum and media channels in the fake Discord: posts (Start Thread in Forum or Media Channel), the forum's
// tags (Modify Channel's available_tags), and what Discord does when the bot writes in a post that is archived
// or locked. Written from Discord's API documentation and its JSON error codes.

import { ChannelFlag, channelJson, isThreadOnly, ChannelType, type ChannelState, type ForumTagState, type GuildState } from './discord-model.ts';
import { createStoredMessage, messageJson } from './discord-messages.ts';
import { Permission } from './discord-permissions.ts';
import { snowflake } from './discord-snowflake.ts';
import { FormErrors, validateMessageBody } from './discord-validation.ts';
import { DiscordErrors } from './discord-errors.ts';
import type { DiscordWorld } from './discord-world.ts';
import type { FakeGateway } from './discord-gateway.ts';
import { Intent } from './discord-gateway.ts';

export const ForumLimits = { tags: 20, appliedTags: 5, tagName: 20, threadName: 100 } as const;


interface Reply {
  status: number;
  body?: unknown;
}

interface Found {
  guild: GuildState;
  channel: ChannelState;
}

export interface ForumRouteDeps {
  world: DiscordWorld;
  gateway: FakeGateway;
  /** Registers a route (bot-token authenticated) on the REST server. */
  add(method: string, template: string, handler: (ctx: { params: Record<string, string>; body: unknown }) => Reply): void;
  /** Runs `run` on the route's channel after Discord's checks (unknown channel 404, no View Channel 403). */
  withChannel(ctx: { params: Record<string, string> }, run: (found: Found) => Reply): Reply;
  /** Runs `run` on the route's guild after Discord's checks (unknown guild 404, not a member 403). */
  withGuild(ctx: { params: Record<string, string> }, run: (guild: GuildState) => Reply): Reply;
}

const reply = (status: number, body?: unknown): Reply => ({ status, body });
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function defineForumRoutes(deps: ForumRouteDeps): void {
  const { add, withChannel } = deps;
  add('POST', '/channels/:channelId/threads', (ctx) => withChannel(ctx, (found) => startForumPost(deps, found, ctx.body)));
  add('PATCH', '/channels/:channelId', (ctx) => withChannel(ctx, (found) => modifyChannel(deps, found, ctx.body)));
  // List Active Guild Threads: every unarchived thread the bot can see, forum posts included.
  add('GET', '/guilds/:guildId/threads/active', (ctx) =>
    deps.withGuild(ctx, (guild) => {
      const visible = [...guild.channels.values()].filter((c) => {
        const parent = c.parentId ? guild.channels.get(c.parentId) : undefined;
        return c.thread && !c.thread.archived && parent && (deps.world.botPermissionsIn(guild, parent) & Permission.ViewChannel) !== 0n;
      });
      return reply(200, { threads: visible.map(channelJson), members: [] });
    }),
  );
}

/** Start Thread in Forum or Media Channel: a post (a public thread) whose starter message has the thread's id. */
function startForumPost({ world, gateway }: ForumRouteDeps, { guild, channel }: Found, body: unknown): Reply {
  // Start Thread without Message (text channels) is not modelled: the bot only starts threads on its messages.
  if (!isThreadOnly(channel)) return reply(400, DiscordErrors.wrongChannelType);
  const permissions = world.botPermissionsIn(guild, channel);
  // "Create Posts" is Send Messages on a forum.
  if ((permissions & Permission.SendMessages) === 0n) return reply(403, DiscordErrors.missingPermissions);
  const input = isRecord(body) ? body : {};
  const errors = new FormErrors();
  const name = input.name;
  if (typeof name !== 'string' || name.length < 1 || name.length > ForumLimits.threadName) errors.add(['name'], 'BASE_TYPE_BAD_LENGTH', `Must be between 1 and ${ForumLimits.threadName} in length.`);
  if (!isRecord(input.message)) errors.add(['message'], 'BASE_TYPE_REQUIRED', 'This field is required');
  const tags = input.applied_tags ?? [];
  if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string')) errors.add(['applied_tags'], 'BASE_TYPE_LIST', 'Must be an array of snowflakes.');
  else if (tags.length > ForumLimits.appliedTags) errors.add(['applied_tags'], 'BASE_TYPE_MAX_LENGTH', `Must be ${ForumLimits.appliedTags} or fewer in length.`);
  else {
    tags.forEach((id, i) => {
      if (!channel.availableTags?.some((t) => t.id === id)) errors.add(['applied_tags', i], 'TAG_INVALID', 'Unknown tag.');
    });
  }
  const formError = errors.toBody();
  if (formError) return reply(400, formError);
  const invalid = validateMessageBody(input.message, { path: ['message'] });
  if (invalid) return reply(400, invalid);
  const applied = [...new Set(tags as string[])];
  if (applied.some((id) => channel.availableTags?.find((t) => t.id === id)?.moderated) && (permissions & Permission.ManageThreads) === 0n) {
    return reply(403, DiscordErrors.missingPermissions);
  }
  if (((channel.flags ?? 0) & ChannelFlag.RequireTag) !== 0 && applied.length === 0) return reply(400, DiscordErrors.tagRequired);
  const message = input.message as Record<string, unknown>;
  const canEmbed = (permissions & Permission.EmbedLinks) !== 0n;
  const hasEmbeds = Array.isArray(message.embeds) && message.embeds.length > 0;
  const hasOther = (typeof message.content === 'string' && message.content.trim() !== '') || (Array.isArray(message.components) && message.components.length > 0);
  if (hasEmbeds && !canEmbed && !hasOther) return reply(403, DiscordErrors.missingPermissions);
  const archiveAfter = Number(input.auto_archive_duration ?? 4320);
  const thread: ChannelState = {
    id: snowflake(),
    guildId: guild.id,
    name: name as string,
    type: ChannelType.PublicThread,
    parentId: channel.id,
    position: 0,
    topic: null,
    nsfw: channel.nsfw,
    overwrites: channel.overwrites,
    flags: 0,
    appliedTags: applied,
    thread: { ownerId: world.bot.id, archived: false, locked: false, autoArchiveDuration: archiveAfter },
  };
  guild.channels.set(thread.id, thread);
  const starter = createStoredMessage({
    channelId: thread.id,
    guildId: guild.id,
    source: 'channel',
    interactionId: null,
    author: world.bot,
    body: message,
    attachments: [],
    pingContext: world.pingContextFor(guild, channel, false),
    dropEmbeds: !canEmbed,
  });
  // A post's starter message has the post's id.
  starter.id = thread.id;
  world.storeMessage(starter);
  gateway.dispatchToGuild(guild.id, 'THREAD_CREATE', { ...channelJson(thread), newly_created: true }, Intent.Guilds);
  gateway.dispatchToGuild(guild.id, 'MESSAGE_CREATE', messageJson(starter, world.applicationId), 1 << 9);
  world.events.emit('threadCreate', { threadId: thread.id, parentId: channel.id, messageId: starter.id, name: thread.name });
  world.events.emit('message', starter);
  return reply(201, { ...channelJson(thread), message: messageJson(starter, world.applicationId) });
}

/** Modify Channel: a forum's tags (Manage Channels), or a thread's archive state and tags. */
function modifyChannel(deps: ForumRouteDeps, { guild, channel }: Found, body: unknown): Reply {
  const { world, gateway } = deps;
  const input = isRecord(body) ? body : {};
  const permissions = world.botPermissionsIn(guild, channel);
  if (channel.thread) return modifyThread(deps, { guild, channel }, input, permissions);
  if ((permissions & Permission.ManageChannels) === 0n) return reply(403, DiscordErrors.missingPermissions);
  const errors = new FormErrors();
  if (input.name !== undefined && (typeof input.name !== 'string' || input.name.length < 1 || input.name.length > 100)) errors.add(['name'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
  if (input.flags !== undefined && typeof input.flags !== 'number') errors.add(['flags'], 'NUMBER_TYPE_COERCE', 'Value is not int.');
  let tags: ForumTagState[] | undefined;
  if (input.available_tags !== undefined) {
    const list = input.available_tags;
    if (!isThreadOnly(channel)) errors.add(['available_tags'], 'CHANNEL_TYPE_INVALID', 'Only forum and media channels have tags.');
    else if (!Array.isArray(list)) errors.add(['available_tags'], 'BASE_TYPE_LIST', 'Must be an array.');
    else if (list.length > ForumLimits.tags) errors.add(['available_tags'], 'BASE_TYPE_MAX_LENGTH', `Must be ${ForumLimits.tags} or fewer in length.`);
    else {
      tags = [];
      list.forEach((raw: unknown, i) => {
        const tag = isRecord(raw) ? raw : {};
        if (typeof tag.name !== 'string' || tag.name.length < 1 || tag.name.length > ForumLimits.tagName) {
          errors.add(['available_tags', i, 'name'], 'BASE_TYPE_BAD_LENGTH', `Must be between 1 and ${ForumLimits.tagName} in length.`);
          return;
        }
        // A tag sent with the id of one the forum has keeps that id; any other is created with a new one.
        const known = typeof tag.id === 'string' ? channel.availableTags?.find((t) => t.id === tag.id) : undefined;
        tags!.push({ id: known?.id ?? snowflake(), name: tag.name, moderated: tag.moderated === true, emojiId: typeof tag.emoji_id === 'string' ? tag.emoji_id : null, emojiName: typeof tag.emoji_name === 'string' ? tag.emoji_name : null });
      });
    }
  }
  const formError = errors.toBody();
  if (formError) return reply(400, formError);
  if (tags && new Set(tags.map((t) => t.name.toLowerCase())).size !== tags.length) return reply(400, DiscordErrors.tagNamesUnique);
  if (typeof input.name === 'string') channel.name = input.name;
  if (typeof input.topic === 'string' || input.topic === null) channel.topic = input.topic;
  if (typeof input.flags === 'number') channel.flags = input.flags;
  if (tags) channel.availableTags = tags;
  gateway.dispatchToGuild(guild.id, 'CHANNEL_UPDATE', channelJson(channel), Intent.Guilds);
  return reply(200, channelJson(channel));
}

function modifyThread({ gateway }: ForumRouteDeps, { guild, channel }: Found, input: Record<string, unknown>, permissions: bigint): Reply {
  const meta = channel.thread!;
  const manage = (permissions & Permission.ManageThreads) !== 0n;
  if (input.locked !== undefined && !manage) return reply(403, DiscordErrors.missingPermissions);
  if (meta.locked && !manage) return reply(400, DiscordErrors.threadLocked);
  if (input.applied_tags !== undefined) {
    const parent = guild.channels.get(channel.parentId ?? '');
    const ids = Array.isArray(input.applied_tags) ? (input.applied_tags as unknown[]) : [];
    if (ids.length > ForumLimits.appliedTags || ids.some((id) => !parent?.availableTags?.some((t) => t.id === id))) {
      return reply(400, { code: 50035, message: 'Invalid Form Body', errors: { applied_tags: { _errors: [{ code: 'TAG_INVALID', message: 'Unknown tag.' }] } } });
    }
    channel.appliedTags = ids as string[];
  }
  if (typeof input.archived === 'boolean') meta.archived = input.archived;
  if (typeof input.locked === 'boolean') meta.locked = input.locked;
  if (typeof input.name === 'string') channel.name = input.name;
  gateway.dispatchToGuild(guild.id, 'THREAD_UPDATE', channelJson(channel), Intent.Guilds);
  return reply(200, channelJson(channel));
}

/**
 * Discord's checks before a message is posted in a channel: in a thread it asks for Send Messages in Threads
 * instead of Send Messages, a locked thread refuses everyone without Manage Threads, and an archived one is
 * unarchived by the message. Returns the refusal, or null to go on.
 */
export function sendRefusal(gateway: FakeGateway, guild: GuildState, channel: ChannelState, permissions: bigint): Reply | null {
  const isThread = channel.type === ChannelType.PublicThread || channel.type === ChannelType.PrivateThread || channel.type === ChannelType.AnnouncementThread;
  if ((permissions & (isThread ? Permission.SendMessagesInThreads : Permission.SendMessages)) === 0n) return reply(403, DiscordErrors.missingPermissions);
  const meta = channel.thread;
  if (!meta) return null;
  if (meta.locked && (permissions & Permission.ManageThreads) === 0n) return reply(400, DiscordErrors.threadLocked);
  if (meta.archived) {
    meta.archived = false;
    gateway.dispatchToGuild(guild.id, 'THREAD_UPDATE', channelJson(channel), Intent.Guilds);
  }
  return null;
}

/** Editing a message in an archived thread is refused until the thread is unarchived. */
export function threadEditRefusal(channel: ChannelState): Reply | null {
  return channel.thread?.archived ? reply(400, DiscordErrors.archivedThread) : null;
}
