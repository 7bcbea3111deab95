import { randomUUID } from 'node:crypto';
import type Keyv from 'keyv';
import { entriesOf } from './list-entries.ts';
import type { StoreLocks } from './locks.ts';

export type Sensitivity = 'strict' | 'normal' | 'broad';

/** A member's (or a server's) follow of a built-in topic or a custom query. */
export interface Subscription {
  id: string;
  guildId: string;
  userId: string;
  /** A built-in topic id ("japan") or a custom query text. */
  topic: string;
  /** Mention the member in this topic's alerts. */
  ping: boolean;
  createdAt: string;
  /**
   * Set for a channel follow (an admin's /alerts follow): the channel gets the topic on its own, whoever
   * follows it; `userId` is then `channelFollower(channelId)`.
   */
  channelId?: string;
  /** 'dm': the member's alerts of this follow go to their direct messages instead of the server's channel. */
  deliver?: 'dm';
}

/** How /follow asks for delivery: 'channel' clears a DM choice; left out, an existing follow keeps its own. */
export type DeliverChoice = 'dm' | 'channel';

/** The follower id of a channel follow, so a channel follows a topic once, as a member does. */
export function channelFollower(channelId: string): string {
  return `channel:${channelId}`;
}

/** Subscriptions stored per server, so one server's edits never touch another's record. */
export class SubscriptionRepository {
  constructor(
    private readonly kv: Keyv,
    private readonly locks: StoreLocks,
  ) {}

  async listForGuild(guildId: string): Promise<Subscription[]> {
    return (await this.kv.get<Subscription[]>(guildId)) ?? [];
  }

  async listAll(): Promise<Subscription[]> {
    const out: Subscription[] = [];
    for await (const [, value] of entriesOf<unknown>(this.kv)) {
      if (Array.isArray(value)) out.push(...(value as Subscription[]));
    }
    return out;
  }

  /** Adds a follow; following the same topic twice updates the existing one instead of duplicating it. */
  async follow(input: Omit<Subscription, 'id' | 'createdAt' | 'deliver'> & { deliver?: DeliverChoice }, now: Date): Promise<{ subscription: Subscription; created: boolean }> {
    const { deliver, ...fields } = input;
    const apply = (s: Subscription) => {
      if (deliver === 'dm') s.deliver = 'dm';
      else if (deliver === 'channel') delete s.deliver;
    };
    return this.locks.run(`subscriptions:${input.guildId}`, async () => {
      const list = await this.listForGuild(input.guildId);
      const existing = list.find((s) => s.userId === input.userId && sameTopic(s.topic, input.topic));
      if (existing) {
        existing.ping = input.ping;
        apply(existing);
        await this.kv.set(input.guildId, list);
        return { subscription: existing, created: false };
      }
      const subscription: Subscription = { ...fields, id: randomUUID(), createdAt: now.toISOString() };
      apply(subscription);
      await this.kv.set(input.guildId, [...list, subscription]);
      return { subscription, created: true };
    });
  }

  async unfollow(guildId: string, userId: string, topic: string): Promise<Subscription | undefined> {
    return this.locks.run(`subscriptions:${guildId}`, async () => {
      const list = await this.listForGuild(guildId);
      const index = list.findIndex((s) => s.userId === userId && sameTopic(s.topic, topic));
      if (index < 0) return undefined;
      const [removed] = list.splice(index, 1);
      await this.kv.set(guildId, list);
      return removed;
    });
  }

  async removeGuild(guildId: string): Promise<void> {
    await this.locks.run(`subscriptions:${guildId}`, () => this.kv.delete(guildId));
  }
}

export function sameTopic(a: string, b: string): boolean {
  return a.trim().toLowerCase().replace(/\s+/g, ' ') === b.trim().toLowerCase().replace(/\s+/g, ' ');
}
