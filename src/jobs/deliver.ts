import type { AppContext } from '../context.ts';
import { renderList } from '../discord/render.ts';
import type { OutboxItem } from '../store/deliveries.ts';
import { reportFixed, reportProblem } from './notify-admins.ts';
import { nonceOf } from './plan-alerts.ts';

/** Discord's answer when a message cannot be posted, as discord.js reports it. */
interface ApiErrorLike {
  status?: number;
  code?: number | string;
  message?: string;
}

const RETRY_BASE_MS = 30_000;
const RETRY_MAX_MS = 30 * 60_000;
const MAX_ATTEMPTS = 20;

export interface DeliveryReport {
  sent: number;
  paused: string[];
  retrying: number;
  dropped: number;
}

/**
 * Drains the outbox in order. The REST client already waits out 429s and retries 5xx a few times; what still
 * fails is kept with a back-off. A channel Discord refuses (403 Missing Access/Permissions, 404 Unknown
 * Channel) is paused and its admins are told once, instead of being retried forever.
 */
export async function deliverPending(ctx: AppContext): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, paused: [], retrying: 0, dropped: 0 };
  const items = await ctx.store.outbox.list();
  const now = ctx.now().getTime();
  const pausedNow = new Set<string>();
  for (const item of items) {
    if (item.notBefore && Date.parse(item.notBefore) > now) {
      report.retrying++;
      continue;
    }
    const guild = await ctx.store.guilds.get(item.guildId);
    if (guild.pausedChannels[item.channelId] || pausedNow.has(item.channelId)) {
      // A paused channel's queue is dropped, not saved for later: resuming should not unleash a flood.
      await ctx.store.outbox.remove(item.id);
      report.dropped++;
      continue;
    }
    const remaining: string[] = [];
    for (const id of item.storyIds) if (!(await ctx.store.deliveries.get(item.channelId, id))) remaining.push(id);
    if (remaining.length === 0) {
      await ctx.store.outbox.remove(item.id);
      continue;
    }
    try {
      const message = await ctx.discord.send(item.channelId, { ...item.body, nonce: item.nonce, enforce_nonce: true });
      await ctx.store.deliveries.record(item.channelId, item.storyIds, { at: ctx.now().toISOString(), messageId: message.id, as: item.kind });
      await ctx.store.outbox.remove(item.id);
      await ctx.store.guilds.update(item.guildId, (g) => {
        g.lastDeliveryAt = ctx.now().toISOString();
      });
      if (guild.reportedProblems[`channel:${item.channelId}`]) {
        await reportFixed(ctx, item.guildId, `channel:${item.channelId}`, `Alerts reach <#${item.channelId}> again.`);
      }
      report.sent++;
    } catch (err) {
      const e = err as ApiErrorLike;
      const refusal = channelRefusal(e);
      if (refusal) {
        pausedNow.add(item.channelId);
        await pauseChannel(ctx, item, refusal);
        await ctx.store.outbox.remove(item.id);
        report.paused.push(item.channelId);
        continue;
      }
      if (e.status === 400 || (e.status !== undefined && e.status >= 400 && e.status < 500 && e.status !== 429)) {
        ctx.log.error({ channel: item.channelId, item: item.id, status: e.status, code: e.code, err: e.message }, 'Discord rejected an alert; dropping it');
        await ctx.store.outbox.remove(item.id);
        report.dropped++;
        continue;
      }
      const attempts = item.attempts + 1;
      if (attempts >= MAX_ATTEMPTS) {
        ctx.log.error({ channel: item.channelId, item: item.id, attempts }, 'giving up on an alert after repeated failures');
        await ctx.store.outbox.remove(item.id);
        report.dropped++;
        continue;
      }
      const wait = Math.min(RETRY_BASE_MS * 2 ** (attempts - 1), RETRY_MAX_MS);
      await ctx.store.outbox.put({ ...item, attempts, notBefore: new Date(now + wait).toISOString() });
      ctx.log.warn({ channel: item.channelId, status: e.status, attempts, err: e.message }, 'alert delivery failed; will retry');
      report.retrying++;
    }
  }
  return report;
}

function channelRefusal(e: ApiErrorLike): 'missing-access' | 'deleted' | undefined {
  const code = Number(e.code);
  if (e.status === 404 || code === 10003) return 'deleted';
  if (e.status === 403 || code === 50001 || code === 50013) return 'missing-access';
  return undefined;
}

async function pauseChannel(ctx: AppContext, item: OutboxItem, reason: 'missing-access' | 'deleted'): Promise<void> {
  await ctx.store.guilds.update(item.guildId, (g) => {
    g.pausedChannels[item.channelId] = { reason, since: ctx.now().toISOString() };
  });
  const what =
    reason === 'deleted'
      ? `The alert channel <#${item.channelId}> no longer exists, so alerts for it are paused. Choose another with /alerts channel.`
      : `The bot can no longer post in <#${item.channelId}> (it needs View Channel, Send Messages and Embed Links there), so alerts for it are paused. Fix the channel's permissions, then run /alerts resume.`;
  ctx.log.warn({ guild: item.guildId, channel: item.channelId, reason }, 'channel paused');
  await reportProblem(ctx, item.guildId, `channel:${item.channelId}`, what);
}

/** Turns due hourly/daily digests into one outbox message per channel. */
export async function queueDueDigests(ctx: AppContext, force = false): Promise<number> {
  const pending = await ctx.store.digests.listPending();
  let queued = 0;
  const now = ctx.now();
  for (const digest of pending) {
    const guild = await ctx.store.guilds.get(digest.guildId);
    const mode = guild.channelModes[digest.channelId] ?? 'realtime';
    const periodMs = mode === 'daily' ? 24 * 3_600_000 : 3_600_000;
    if (!force && now.getTime() - Date.parse(digest.since) < periodMs) continue;
    const entries = [...digest.entries].sort((a, b) => a.published.localeCompare(b.published));
    const heading = `${mode === 'daily' ? 'Daily' : 'Hourly'} digest: ${entries.length} ${entries.length === 1 ? 'story' : 'stories'}`;
    const id = `${digest.channelId}|digest|${digest.since}`;
    await ctx.store.outbox.put({
      id,
      guildId: digest.guildId,
      channelId: digest.channelId,
      storyIds: entries.map((e) => e.storyId),
      kind: 'digest',
      body: {
        embeds: [renderList(heading, entries, [...new Set(entries.map((e) => e.topic))].join(' · '))],
        allowed_mentions: { parse: [] },
      },
      nonce: nonceOf(id),
      createdAt: now.toISOString(),
      order: `${now.toISOString()}|digest|${id}`,
      attempts: 0,
    });
    await ctx.store.digests.clear(digest.channelId);
    queued++;
  }
  return queued;
}
