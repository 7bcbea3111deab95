import type { AppContext } from '../context.ts';
import { dmUserOf } from '../store/direct-messages.ts';
import type { Route } from './plan-alerts.ts';
import type { ApiErrorLike } from './api-error.ts';

/**
 * Whether Discord refuses DMs to this member for good, until they change something: 50007 (they closed DMs
 * from server members, or blocked the bot), 50033 (no server in common any more), or any 403/404 on the DM.
 */
export function isDmRefusal(e: ApiErrorLike): boolean {
  const code = Number(e.code);
  return code === 50007 || code === 50033 || e.status === 403 || e.status === 404;
}

/** Pauses a member's DM alerts after a refusal; they are told at their next command. */
export async function pauseDms(ctx: AppContext, userId: string, e: ApiErrorLike): Promise<void> {
  const code = Number(e.code);
  await ctx.store.directMessages.pause(userId, ctx.now(), Number.isFinite(code) ? code : undefined);
  ctx.log.info({ user: userId, status: e.status, code: e.code }, 'Discord refused a DM alert; DM delivery paused for that member');
}

/**
 * A poll's DM targets (`dm:<user>`, see routeCandidates) → the members' DM channels. A DM channel is opened
 * through Discord only when an alert is about to be queued for it, then kept in the store; a member whose DM
 * delivery is paused gets nothing planned, so a refusal is never retried by the next polls.
 */
export class DmTargets {
  private readonly channels = new Map<string, string>();
  private readonly paused = new Set<string>();
  private readonly locales = new Map<string, string>();

  constructor(private readonly ctx: AppContext) {}

  /** Reads what the store knows of every DM target among `routes`; returns the routes without paused members. */
  async load<R extends Pick<Route, 'channelId'>>(routes: R[]): Promise<R[]> {
    for (const target of new Set(routes.map((r) => r.channelId))) {
      const userId = dmUserOf(target);
      if (!userId) continue;
      const state = await this.ctx.store.directMessages.get(userId);
      if (state.locale) this.locales.set(target, state.locale);
      if (state.paused) this.paused.add(target);
      else if (state.channelId) this.channels.set(target, state.channelId);
    }
    if (this.paused.size) this.ctx.log.debug({ members: this.paused.size }, 'DM alerts not planned: DM delivery paused');
    return routes.filter((r) => !this.paused.has(r.channelId));
  }

  /** The language a target reads: a member's own locale for their DMs (once loaded), else `fallback` (the server's). */
  localeOf(target: string, fallback: string | undefined): string | undefined {
    return (dmUserOf(target) && this.locales.get(target)) || fallback;
  }

  isPaused(target: string): boolean {
    return this.paused.has(target);
  }

  /** The channel deliveries of `target` are recorded under: a DM target's channel once opened, else none yet. */
  recorded(target: string): string | undefined {
    return dmUserOf(target) ? this.channels.get(target) : target;
  }

  /** The channel to post to: a DM target's DM channel, opened now if need be; undefined when it cannot be. */
  async resolve(target: string): Promise<string | undefined> {
    const userId = dmUserOf(target);
    if (!userId) return target;
    if (this.paused.has(target)) return undefined;
    if (!this.channels.has(target)) await this.load([{ channelId: target }]);
    if (this.paused.has(target)) return undefined;
    const known = this.channels.get(target);
    if (known) return known;
    try {
      const { id } = await this.ctx.discord.openDm(userId);
      await this.ctx.store.directMessages.rememberChannel(userId, id);
      this.channels.set(target, id);
      return id;
    } catch (err) {
      const e = err as ApiErrorLike;
      if (isDmRefusal(e)) {
        this.paused.add(target);
        await pauseDms(this.ctx, userId, e);
      } else {
        this.ctx.log.warn({ user: userId, status: e.status, code: e.code, err: e.message }, 'could not open a DM channel; this alert is not sent');
      }
      return undefined;
    }
  }
}
