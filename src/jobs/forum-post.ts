import type { AppContext, ForumPort } from '../context.ts';
import { messagesFor } from '../i18n/messages.ts';
import type { OutboxItem } from '../store/deliveries.ts';
import { problemKey, type GuildSettings } from '../store/guilds.ts';
import type { ApiErrorLike } from './api-error.ts';
import { forgetForumTags, forumTagsFor, tagNameOf, type ForumTags } from './forum-tags.ts';
import { reportFixed, reportProblem } from './notify-admins.ts';

/** Discord's JSON code: "A tag is required to create a forum post in this channel". */
const TAG_REQUIRED = 40067;
const MAX_POST_NAME = 100;

/**
 * Posts an outbox item (alert, list or digest) as a post in a forum or media channel: titled with the headline
 * (or the list's heading), the message as its first message, tagged with its topics. Resolves to the post,
 * whose id is also its starter message's. Rejects as a send does, so the caller pauses a forum Discord
 * refuses (403/404) as it pauses a text channel.
 */
export async function postInForum(ctx: AppContext, item: OutboxItem, guild: GuildSettings): Promise<{ id: string }> {
  const port = ctx.discord.forum;
  if (!port) throw new Error('this Discord port cannot post in forum channels');
  // Discord's forum-thread route takes no nonce: the message goes without one.
  const { nonce: _nonce, enforce_nonce: _enforce, ...message } = item.body;
  const topics = item.topics ?? [];
  let tags = await forumTagsFor(ctx, port, item.channelId, topics, guild.locale);
  await reportTags(ctx, item, guild, topics, tags);
  if (tags.requiresTag && tags.ids.length === 0) {
    await tagRequired(ctx, item, guild, topics);
    throw Object.assign(new Error('the forum requires a tag and none could be applied'), { status: 400, code: TAG_REQUIRED });
  }
  const name = postName(item, guild.locale);
  const earlier = await postStartedBefore(ctx, port, item, name);
  if (earlier) return earlier;
  let post: { id: string };
  try {
    post = await port.post(item.channelId, { name, message, applied_tags: tags.ids });
  } catch (err) {
    const e = err as ApiErrorLike;
    if (Number(e.code) === TAG_REQUIRED) await tagRequired(ctx, item, guild, topics);
    if (!(e.status === 400 && tags.ids.length && /applied_tags/.test(e.message ?? ''))) throw err;
    // A tag the store knew was deleted from the forum meanwhile: learn the forum's tags again, once.
    await forgetForumTags(ctx, item.channelId);
    tags = await forumTagsFor(ctx, port, item.channelId, topics, guild.locale);
    post = await port.post(item.channelId, { name, message, applied_tags: tags.ids });
  }
  if (tags.ids.length && guild.reportedProblems[problemKey.forumTagRequired(item.channelId)]) {
    await reportFixed(ctx, item.guildId, problemKey.forumTagRequired(item.channelId), messagesFor(guild.locale).forum.tagRequiredFixed(`<#${item.channelId}>`));
  }
  return post;
}

function postName(item: OutboxItem, locale: string | undefined): string {
  const embed = (item.body.embeds as { title?: unknown }[] | undefined)?.[0];
  const title = (typeof embed?.title === 'string' && embed.title.trim()) || messagesFor(locale).alerts.untitled;
  return [...title].slice(0, MAX_POST_NAME).join('');
}

/** Discord's epoch in a snowflake (2015-01-01): an id says when its post was created. */
const DISCORD_EPOCH = 1_420_070_400_000n;

/**
 * Exactly once without a nonce. The moment before asking Discord for the post is kept with the item; if a process
 * dies after Discord made the post but before the delivery was recorded, the next attempt finds the bot's own post
 * of that name in the forum, made since that moment, and records it instead of posting again. Asking Discord
 * happens only for an item whose earlier attempt got that far, so an ordinary post costs one store write.
 */
async function postStartedBefore(ctx: AppContext, port: ForumPort, item: OutboxItem, name: string): Promise<{ id: string } | undefined> {
  if (item.postStartedAt) {
    const since = BigInt(Date.parse(item.postStartedAt)) - 1_000n;
    try {
      const own = (await port.ownActivePosts(item.guildId, item.channelId)).find((p) => p.name === name && (BigInt(p.id) >> 22n) + DISCORD_EPOCH >= since);
      if (own) {
        ctx.log.info({ forum: item.channelId, post: own.id, item: item.id }, 'a forum post made before a crash was found; recording it instead of posting again');
        return own;
      }
    } catch (err) {
      // Not knowing is no reason to drop the alert: it is posted, at worst a second time.
      ctx.log.warn({ forum: item.channelId, err: (err as Error).message }, 'could not look for a forum post made before a crash');
    }
  }
  // On the item itself too: a failed attempt puts the item back for a retry, and the retry must know.
  item.postStartedAt = new Date().toISOString();
  await ctx.store.outbox.put(item);
  return undefined;
}

/** Tells the admins once why posts go out untagged, and once when they carry their tags again. */
async function reportTags(ctx: AppContext, item: OutboxItem, guild: GuildSettings, topics: string[], tags: ForumTags): Promise<void> {
  const key = problemKey.forumUntagged(item.channelId);
  const words = messagesFor(guild.locale).forum;
  const forum = `<#${item.channelId}>`;
  if (tags.missing.length && tags.reason) {
    const names = tags.missing.join(', ');
    await reportProblem(ctx, item.guildId, key, tags.reason === 'full' ? words.untaggedFull(forum, names) : words.untaggedPermission(forum, names));
  } else if (topics.length && !tags.missing.length && guild.reportedProblems[key]) {
    await reportFixed(ctx, item.guildId, key, words.tagsWorkAgain(forum));
  }
}

/** A forum that requires a tag the bot cannot apply: the admins are told once; the post is dropped, never retried. */
async function tagRequired(ctx: AppContext, item: OutboxItem, guild: GuildSettings, topics: string[]): Promise<void> {
  const names = [...new Set(topics.map((t) => tagNameOf(t, guild.locale)))].join(', ');
  ctx.log.warn({ guild: item.guildId, forum: item.channelId, item: item.id }, 'a forum requires a tag the bot cannot apply; the post is dropped');
  await reportProblem(ctx, item.guildId, problemKey.forumTagRequired(item.channelId), messagesFor(guild.locale).forum.tagRequired(`<#${item.channelId}>`, names));
}
