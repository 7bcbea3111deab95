import type { AppContext, ForumPort, ForumTag } from '../context.ts';
import type { ForumTagRecord } from '../store/forum-tags.ts';
import { topicName } from '../i18n/topic-names.ts';
import type { ApiErrorLike } from './api-error.ts';

/** Discord's limits: tags a forum may have, tags a post may carry, characters in a tag's name. */
export const MAX_FORUM_TAGS = 20;
export const MAX_APPLIED_TAGS = 5;
const MAX_TAG_NAME = 20;
/** Channel flag: posts in this forum must carry a tag. */
export const REQUIRE_TAG = 1 << 4;
/**
 * After Discord refused to create a tag (no Manage Channels, or a full forum), how long the bot posts untagged
 * before asking again: an admin's fix is noticed within the hour, and a forum is not sent a refused request
 * with every alert.
 */
const RETRY_CREATE_MS = 60 * 60_000;

export interface ForumTags {
  /** The tag ids to apply, at most five. */
  ids: string[];
  /** Tag names the post should carry but cannot. */
  missing: string[];
  /** Why a missing tag could not be created. */
  reason?: 'permission' | 'full';
  /** Whether the forum requires a tag on each post, when the bot asked Discord (undefined: it had no need to). */
  requiresTag?: boolean;
}

/** A topic's tag name: its name in the server's language (a query without its quotes), within Discord's 20 characters. */
export function tagNameOf(topic: string, locale: string | undefined): string {
  const label = topicName(topic, locale).replace(/^[“"「『]|[”"」』]$/g, '').trim();
  return [...label].slice(0, MAX_TAG_NAME).join('').trim();
}

/**
 * The ids of the tags for `topics` in a forum, creating those the forum lacks when the bot may (Modify Channel
 * with the full list plus the new ones). Known ids come from the store, so a tag is looked up and created once;
 * the forum is asked only when a name is not known yet.
 */
export async function forumTagsFor(ctx: AppContext, port: ForumPort, forumId: string, topics: string[], locale: string | undefined): Promise<ForumTags> {
  const names = uniqueNames(topics.map((t) => tagNameOf(t, locale))).slice(0, MAX_APPLIED_TAGS);
  if (names.length === 0) return { ids: [], missing: [] };
  return ctx.store.forumTags.withForum<ForumTags>(forumId, async (record) => {
    if (names.every((n) => record.tags[n.toLowerCase()])) return { record, result: { ids: idsOf(record, names), missing: [] } };
    // Ask the forum: an admin may have made the tag (or deleted one the store remembers).
    const forum = await port.get(forumId);
    let available = forum.available_tags ?? [];
    const next: ForumTagRecord = { tags: learn(available), ...(record.blocked ? { blocked: record.blocked } : {}) };
    let reason: ForumTags['reason'];
    const lacking = names.filter((n) => !next.tags[n.toLowerCase()]);
    const blockedSince = next.blocked ? Date.parse(next.blocked.since) : Number.NaN;
    if (lacking.length && next.blocked && ctx.now().getTime() - blockedSince < RETRY_CREATE_MS) {
      reason = next.blocked.reason;
    } else if (lacking.length) {
      const creating = lacking.slice(0, Math.max(0, MAX_FORUM_TAGS - available.length));
      if (creating.length) {
        try {
          available = await port.setTags(forumId, [...available, ...creating.map((name) => ({ name }))]);
          next.tags = learn(available);
        } catch (err) {
          const e = err as ApiErrorLike;
          const code = Number(e.code);
          if (e.status === 403 || code === 50013 || code === 50001) reason = 'permission';
          else if (e.status !== undefined && e.status >= 500) throw err;
          else reason = 'full';
          ctx.log.info({ forum: forumId, status: e.status, code: e.code, err: e.message }, 'could not create forum tags');
        }
      }
      if (!reason && names.some((n) => !next.tags[n.toLowerCase()])) reason = 'full';
      if (reason) next.blocked = { reason, since: ctx.now().toISOString() };
      else delete next.blocked;
    }
    const missing = names.filter((n) => !next.tags[n.toLowerCase()]);
    return { record: next, result: { ids: idsOf(next, names), missing, ...(missing.length && reason ? { reason } : {}), requiresTag: ((forum.flags ?? 0) & REQUIRE_TAG) !== 0 } };
  });
}

/** Forgets what the store knows of a forum's tags (Discord refused one of them: deleted meanwhile). */
export async function forgetForumTags(ctx: AppContext, forumId: string): Promise<void> {
  await ctx.store.forumTags.forget(forumId);
}

/** Tags anyone may apply; a moderated tag needs Manage Threads, so the bot never relies on one. */
function learn(available: ForumTag[]): Record<string, string> {
  return Object.fromEntries(available.filter((t) => !t.moderated).map((t) => [t.name.toLowerCase(), t.id]));
}

function idsOf(record: ForumTagRecord, names: string[]): string[] {
  return [...new Set(names.map((n) => record.tags[n.toLowerCase()]).filter((id): id is string => !!id))];
}

function uniqueNames(names: string[]): string[] {
  const seen = new Set<string>();
  return names.filter((n) => n && !seen.has(n.toLowerCase()) && seen.add(n.toLowerCase()));
}
