import { randomUUID } from 'node:crypto';
import pLimit from 'p-limit';
import type { AppContext } from '../context.ts';
import { renderList } from '../discord/render.ts';
import { messagesFor } from '../i18n/messages.ts';
import type { DeliveryRecord, DigestEntry, OutboxItem } from '../store/deliveries.ts';
import { digestModeChannel, dmUserOf } from '../store/direct-messages.ts';
import { problemKey, type GuildSettings } from '../store/guilds.ts';
import { DmTargets, isDmRefusal, pauseDms } from './dm-targets.ts';
import { reportFixed, reportProblem } from './notify-admins.ts';
import { nonceOf, rememberButtons } from './queue-alerts.ts';
import { postInForum } from './forum-post.ts';
import { listButtons } from '../discord/render-buttons.ts';
import type { ApiErrorLike } from './api-error.ts';

const RETRY_BASE_MS = 30_000;
const RETRY_MAX_MS = 30 * 60_000;
const MAX_ATTEMPTS = 20;
/** An edit only adds outlets to an alert: not worth more tries than this. */
const MAX_EDIT_ATTEMPTS = 3;
/** Channels posted to at the same time. */
const DELIVERY_CONCURRENCY = 16;

export interface DeliveryReport {
  sent: number;
  paused: string[];
  retrying: number;
  dropped: number;
}

/** How long a send claim lasts: within Discord's nonce window, so a resend after a crash is still deduplicated. */
export const SEND_CLAIM_MS = 2 * 60_000;

export type ItemOutcome = 'sent' | 'already-sent' | 'claimed-elsewhere' | 'waiting' | 'paused' | 'dropped' | 'retrying';

/**
 * Drains the outbox in order. The REST client already waits out 429s and retries 5xx a few times; what still
 * fails is kept with a back-off. A channel Discord refuses (403 Missing Access/Permissions, 404 Unknown
 * Channel) is paused and its admins are told once, instead of being retried forever.
 */
export async function deliverPending(ctx: AppContext): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, paused: [], retrying: 0, dropped: 0 };
  const items = await ctx.store.outbox.list();
  const pausedNow = new Set<string>();
  // One queue per channel, in planned order; channels are served side by side. Sending one message at a
  // time would make a busy poll last (alerts × Discord's round trip), and a channel waiting out its own rate
  // limit would hold up every other channel. discord.js keeps each channel's and the global limit.
  const queues = new Map<string, OutboxItem[]>();
  for (const item of items) {
    const queue = queues.get(item.channelId);
    if (queue) queue.push(item);
    else queues.set(item.channelId, [item]);
  }
  const limit = pLimit(DELIVERY_CONCURRENCY);
  await Promise.all(
    [...queues.values()].map((queue) =>
      limit(async () => {
        for (const item of queue) {
          const outcome = await deliverItem(ctx, item, pausedNow);
          if (outcome === 'sent') report.sent++;
          else if (outcome === 'paused') report.paused.push(item.channelId);
          else if (outcome === 'retrying' || outcome === 'waiting') report.retrying++;
          else if (outcome === 'dropped') report.dropped++;
        }
      }),
    ),
  );
  return report;
}

/** Delivers the outbox item stored under `id`, if it is still there (a delivery job's whole work). */
export async function deliverById(ctx: AppContext, id: string): Promise<ItemOutcome | 'gone'> {
  const item = await ctx.store.outbox.get(id);
  return item ? deliverItem(ctx, item, new Set()) : 'gone';
}

/**
 * Sends one outbox item at most once across every process: the delivery record answers "already sent", and a
 * claim on `send:<item id>` (for an alert, `send:<channel>|<story>`) makes exactly one process send when
 * several drain the same outbox at once. The claim expires, so a process that dies mid-send does not block
 * the item forever; its successor resends with the same Discord nonce, which Discord deduplicates.
 */
export async function deliverItem(ctx: AppContext, item: OutboxItem, pausedNow: Set<string>): Promise<ItemOutcome> {
  const now = ctx.now().getTime();
  if (item.notBefore && Date.parse(item.notBefore) > now) return 'waiting';
  if (item.kind === 'edit') return editAlert(ctx, item, now);
  if (item.kind === 'coverage') return postCoverage(ctx, item);
  const guild = await ctx.store.guilds.get(item.guildId);
  // A member's DM alert (its id starts with their DM target): dropped, like a paused channel's, once Discord
  // refused their DMs, even if queued before.
  const dmUser = dmUserOf(item.id);
  const dmPaused = dmUser !== undefined && !pausedNow.has(item.channelId) && !!(await ctx.store.directMessages.get(dmUser)).paused;
  if (guild.pausedChannels[item.channelId] || pausedNow.has(item.channelId) || dmPaused) {
    // A paused channel's queue is dropped, not saved for later: resuming should not unleash a flood.
    await ctx.store.outbox.remove(item.id);
    return 'dropped';
  }
  if (await allDelivered(ctx, item)) {
    await ctx.store.outbox.remove(item.id);
    return 'already-sent';
  }
  const owner = randomUUID();
  const claimKey = `send:${item.id}`;
  // As long as a queue job's lock at most: a worker that died mid-send frees the item as soon as its job is
  // retried elsewhere, and the resend carries the same nonce.
  const claimMs = Math.min(SEND_CLAIM_MS, ctx.config.queueLockMs ?? SEND_CLAIM_MS);
  if (!(await ctx.store.claims.claim(claimKey, claimMs, owner))) return 'claimed-elsewhere';
  let keepClaim = false;
  try {
    // Another process may have sent and recorded it between our first check and our claim.
    if (await allDelivered(ctx, item)) {
      await ctx.store.outbox.remove(item.id);
      keepClaim = true;
      return 'already-sent';
    }
    let message: { id: string };
    // In a forum each item becomes a post. Discord's forum-thread route takes no nonce: besides the claim above and
    // the record below, postInForum notes when it asked, so a retry after a crash finds the post instead of
    // making another (it can miss only a post already archived or deleted by then).
    const forum = guild.forumChannels?.[item.channelId];
    try {
      message = forum ? await postInForum(ctx, item, guild) : await ctx.discord.send(item.channelId, { ...item.body, nonce: item.nonce, enforce_nonce: true });
    } catch (err) {
      return await handleSendFailure(ctx, item, err as ApiErrorLike, pausedNow, now);
    }
    keepClaim = true;
    await ctx.store.deliveries.record(item.channelId, item.storyIds, { at: ctx.now().toISOString(), messageId: message.id, as: item.kind as DeliveryRecord['as'] });
    if (item.kind === 'alert' && item.storyIds.length === 1) await rememberAlert(ctx, item, message.id, !!forum);
    await ctx.store.outbox.remove(item.id);
    await ctx.store.guilds.update(item.guildId, (g) => {
      g.lastDeliveryAt = ctx.now().toISOString();
    });
    if (guild.reportedProblems[problemKey.channel(item.channelId)]) {
      await reportFixed(ctx, item.guildId, problemKey.channel(item.channelId), messagesFor(guild.locale).admin.channelBack(`<#${item.channelId}>`));
    }
    return 'sent';
  } finally {
    // A failed send gives the claim back so the retry (here or in another process) is not held up.
    if (!keepClaim) await ctx.store.claims.release(claimKey, owner).catch(() => undefined);
  }
}

/** The posted alert, so a later article of its story can be added to it (see queueCoverageEdits). */
async function rememberAlert(ctx: AppContext, item: OutboxItem, messageId: string, forum: boolean): Promise<void> {
  const embed = (item.body.embeds as Record<string, unknown>[] | undefined)?.[0];
  if (!embed) return;
  const source = ((embed.author as { name?: string } | undefined)?.name ?? '').trim();
  // An alert planned for a member's DMs is queued under its dm:<user> route (see plan-alerts): no threads there.
  const dm = item.id.startsWith('dm:');
  await ctx.store.sentAlerts.add(item.storyIds[0]!, { guildId: item.guildId, channelId: item.channelId, messageId, embed, source, at: ctx.now().toISOString(), ...(dm ? { dm } : {}), ...(forum ? { forum, threadId: messageId } : {}) });
}

/**
 * An edit is idempotent (the same body twice reads the same), so it needs no claim; and it is cosmetic, so a
 * message that is gone or no longer editable is dropped at once, and a failing Discord is tried a few times only.
 */
async function editAlert(ctx: AppContext, item: OutboxItem, now: number): Promise<ItemOutcome> {
  // A forum post's starter message lives in the post, whose id is the message's.
  const forum = !!(await ctx.store.guilds.get(item.guildId)).forumChannels?.[item.channelId];
  const where = forum ? item.messageId! : item.channelId;
  try {
    try {
      await ctx.discord.edit(where, item.messageId!, item.body);
    } catch (err) {
      // A post Discord archived refuses edits (50083) until it is unarchived, which the bot may do in its own post.
      if (!forum || Number((err as ApiErrorLike).code) !== 50083 || !ctx.discord.forum) throw err;
      await ctx.discord.forum.unarchive(where);
      await ctx.discord.edit(where, item.messageId!, item.body);
    }
    await ctx.store.outbox.remove(item.id);
    return 'sent';
  } catch (err) {
    const e = err as ApiErrorLike;
    const attempts = item.attempts + 1;
    if ((e.status !== undefined && e.status >= 400 && e.status < 500 && e.status !== 429) || attempts >= MAX_EDIT_ATTEMPTS) {
      ctx.log.info({ channel: item.channelId, message: item.messageId, status: e.status, code: e.code, err: e.message }, 'an alert could not be edited; leaving it as it is');
      if (e.status === 404) await ctx.store.sentAlerts.forget(item.storyIds[0]!, item.channelId);
      await ctx.store.outbox.remove(item.id);
      return 'dropped';
    }
    await ctx.store.outbox.put({ ...item, attempts, notBefore: new Date(now + RETRY_BASE_MS * 2 ** (attempts - 1)).toISOString() });
    return 'retrying';
  }
}

/**
 * The story's new articles, in the coverage thread on its alert: the thread is started with the first of them
 * (its id is the alert's), and a channel where the bot may not start threads or post in them keeps only the
 * edited "Also reported by". Like an edit, it is never worth a retry loop: a refusal drops it.
 */
async function postCoverage(ctx: AppContext, item: OutboxItem): Promise<ItemOutcome> {
  const storyId = item.storyIds[0]!;
  const alert = (await ctx.store.sentAlerts.list(storyId)).find((a) => a.channelId === item.channelId);
  try {
    let threadId = alert?.threadId;
    if (!threadId) {
      const name = String((item.body as { threadName?: unknown }).threadName ?? 'More coverage').slice(0, 100);
      try {
        threadId = (await ctx.discord.startThread(item.channelId, item.messageId!, name)).id;
      } catch (err) {
        // 160004: a thread exists already (started by another process, or by hand): its id is the message's.
        if (Number((err as ApiErrorLike).code) !== 160004) throw err;
        threadId = item.messageId!;
      }
      await ctx.store.sentAlerts.setThread(storyId, item.channelId, threadId);
    }
    const { threadName: _name, ...body } = item.body as Record<string, unknown>;
    await ctx.discord.send(threadId, { ...body, nonce: item.nonce, enforce_nonce: true });
    await ctx.store.outbox.remove(item.id);
    return 'sent';
  } catch (err) {
    const e = err as ApiErrorLike;
    ctx.log.info({ channel: item.channelId, message: item.messageId, status: e.status, code: e.code, err: e.message }, 'coverage could not go into a thread; the alert keeps its "Also reported by"');
    // A deleted forum post (or thread): later articles of the story have nowhere to go either.
    if (e.status === 404) await ctx.store.sentAlerts.forget(storyId, item.channelId);
    await ctx.store.outbox.remove(item.id);
    return 'dropped';
  }
}

async function allDelivered(ctx: AppContext, item: OutboxItem): Promise<boolean> {
  for (const id of item.storyIds) if (!(await ctx.store.deliveries.get(item.channelId, id))) return false;
  return true;
}

async function handleSendFailure(ctx: AppContext, item: OutboxItem, e: ApiErrorLike, pausedNow: Set<string>, now: number): Promise<ItemOutcome> {
  const dmUser = dmUserOf(item.id);
  if (dmUser && isDmRefusal(e)) {
    // The member closed their DMs: their DM alerts pause (told at their next command), nothing is retried,
    // and no server channel is paused or reported to admins for it.
    pausedNow.add(item.channelId);
    await pauseDms(ctx, dmUser, e);
    await ctx.store.outbox.remove(item.id);
    return 'dropped';
  }
  const refusal = channelRefusal(e);
  if (refusal && !(await ctx.store.guilds.has(item.guildId))) {
    // Queued just before the bot was removed from that server, which is now forgotten: nothing to pause or
    // report (that would store settings for it again), and nobody to tell.
    ctx.log.info({ guild: item.guildId, channel: item.channelId, item: item.id }, 'dropping an alert for a server the bot has left');
    await ctx.store.outbox.remove(item.id);
    return 'dropped';
  }
  if (refusal) {
    pausedNow.add(item.channelId);
    await pauseChannel(ctx, item, refusal);
    await ctx.store.outbox.remove(item.id);
    return 'paused';
  }
  if (e.status === 400 || (e.status !== undefined && e.status >= 400 && e.status < 500 && e.status !== 429)) {
    ctx.log.error({ channel: item.channelId, item: item.id, status: e.status, code: e.code, err: e.message }, 'Discord rejected an alert; dropping it');
    await ctx.store.outbox.remove(item.id);
    return 'dropped';
  }
  const attempts = item.attempts + 1;
  if (attempts >= MAX_ATTEMPTS) {
    ctx.log.error({ channel: item.channelId, item: item.id, attempts }, 'giving up on an alert after repeated failures');
    await ctx.store.outbox.remove(item.id);
    return 'dropped';
  }
  const wait = Math.min(RETRY_BASE_MS * 2 ** (attempts - 1), RETRY_MAX_MS);
  await ctx.store.outbox.put({ ...item, attempts, notBefore: new Date(now + wait).toISOString() });
  ctx.log.warn({ channel: item.channelId, status: e.status, attempts, err: e.message }, 'alert delivery failed; will retry');
  return 'retrying';
}

function channelRefusal(e: ApiErrorLike): 'missing-access' | 'deleted' | undefined {
  const code = Number(e.code);
  if (e.status === 404 || code === 10003) return 'deleted';
  if (e.status === 403 || code === 50001 || code === 50013) return 'missing-access';
  return undefined;
}

async function pauseChannel(ctx: AppContext, item: OutboxItem, reason: 'missing-access' | 'deleted'): Promise<void> {
  let settings: GuildSettings | undefined;
  await ctx.store.guilds.update(item.guildId, (g) => {
    g.pausedChannels[item.channelId] = { reason, since: ctx.now().toISOString() };
    settings = g;
  });
  // In the server's language, naming the permissions as Discord's client shows them (a forum needs more).
  const m = messagesFor(settings?.locale);
  const perms = settings?.forumChannels?.[item.channelId]
    ? [m.forum.permViewChannel, m.forum.permCreatePosts, m.forum.permSendInThreads, m.forum.permEmbedLinks]
    : [m.admin.perm.viewChannel, m.admin.perm.sendMessages, m.admin.perm.embedLinks];
  const what = reason === 'deleted' ? m.admin.channelDeleted(`<#${item.channelId}>`) : m.admin.channelRefused(`<#${item.channelId}>`, perms.join(m.common.listJoin));
  ctx.log.warn({ guild: item.guildId, channel: item.channelId, reason }, 'channel paused');
  await reportProblem(ctx, item.guildId, problemKey.channel(item.channelId), what);
}

/** A digest lists a story once, with the outlets that reported it ("Tokyo Desk, Coast News +2"). */
async function withOutlets(ctx: AppContext, entries: DigestEntry[]): Promise<DigestEntry[]> {
  return Promise.all(
    entries.map(async (entry) => {
      const story = await ctx.store.stories.get(entry.storyId);
      if (!story?.alsoReportedBy.length) return entry;
      const outlets = [...new Set([entry.source, story.source, ...story.alsoReportedBy.map((r) => r.source)].map((o) => o.trim()).filter(Boolean))];
      const named = outlets.slice(0, 3).join(', ');
      return { ...entry, source: outlets.length > 3 ? `${named} +${outlets.length - 3}` : named };
    }),
  );
}

/** Turns due hourly/daily digests into one outbox message per channel; returns the ids it queued. */
export async function queueDueDigests(ctx: AppContext, force = false): Promise<number> {
  return (await queueDueDigestIds(ctx, force)).length;
}

export async function queueDueDigestIds(ctx: AppContext, force = false): Promise<string[]> {
  const pending = await ctx.store.digests.listPending();
  const queued: string[] = [];
  const now = ctx.now();
  const dms = new DmTargets(ctx);
  for (const listed of pending) {
    const guild = await ctx.store.guilds.get(listed.guildId);
    // A member's DM digest (keyed dm:<user>|<channel>) keeps the period of the server channel it follows.
    const mode = guild.channelModes[digestModeChannel(listed.channelId)] ?? 'realtime';
    const periodMs = mode === 'daily' ? 24 * 3_600_000 : 3_600_000;
    if (!force && now.getTime() - Date.parse(listed.since) < periodMs) continue;
    const dmTarget = dmUserOf(listed.channelId) ? listed.channelId.slice(0, listed.channelId.indexOf('|')) : undefined;
    const channelId = dmTarget ? await dms.resolve(dmTarget) : listed.channelId;
    if (!channelId) {
      // Refused DMs drop their digest, as a paused channel's queue is dropped; a failure to open waits.
      if (dmTarget && dms.isPaused(dmTarget)) await ctx.store.digests.clear(listed.channelId);
      continue;
    }
    // Re-read under the channel's lock: another process may have queued it, or added an entry, meanwhile.
    await ctx.store.digests.drain(listed.channelId, async (digest) => {
      const entries = await withOutlets(ctx, [...digest.entries].sort((a, b) => a.published.localeCompare(b.published)));
      const locale = dmTarget ? dms.localeOf(dmTarget, guild.locale) : guild.locale;
      const heading = messagesFor(locale).alerts.digest(mode === 'daily' ? 'daily' : 'hourly', entries.length);
      const id = `${listed.channelId}|digest|${digest.since}`;
      const buttons: { key: string; title: string }[] = [];
      for (const e of entries) buttons.push({ key: await rememberButtons(ctx, digest.guildId, channelId ?? listed.channelId, e.storyId, []), title: e.title });
      await ctx.store.outbox.put({
        id,
        guildId: digest.guildId,
        channelId,
        storyIds: entries.map((e) => e.storyId),
        kind: 'digest',
        body: {
          embeds: [renderList(heading, entries, [...new Set(entries.map((e) => e.topic))].join(' · '), locale)],
          components: listButtons(buttons),
          allowed_mentions: { parse: [] },
        },
        nonce: nonceOf(id),
        createdAt: now.toISOString(),
        order: `${now.toISOString()}|digest|${id}`,
        attempts: 0,
        topics: [...new Set(entries.flatMap((e) => e.topics ?? []))],
      });
      queued.push(id);
      return true;
    });
  }
  return queued;
}
