import type Keyv from 'keyv';
import { entriesOf } from './list-entries.ts';
import type { StoreLocks } from './locks.ts';

const DELIVERY_TTL_MS = 60 * 24 * 3_600_000;

/** Proof that a story reached a channel: the guarantee that it never posts there twice. */
export interface DeliveryRecord {
  at: string;
  messageId?: string;
  /** 'alert' for its own message, 'overflow' / 'digest' when listed in a combined message. */
  as: 'alert' | 'overflow' | 'digest';
}

export class DeliveryRepository {
  constructor(private readonly kv: Keyv) {}

  async get(channelId: string, storyId: string): Promise<DeliveryRecord | undefined> {
    return (await this.kv.get<DeliveryRecord>(`${channelId}|${storyId}`)) ?? undefined;
  }

  async record(channelId: string, storyIds: string[], record: DeliveryRecord): Promise<void> {
    await Promise.all(storyIds.map((id) => this.kv.set(`${channelId}|${id}`, record, DELIVERY_TTL_MS)));
  }
}

/** A message waiting to be posted: written before any send, deleted only after the delivery is recorded. */
export interface OutboxItem {
  id: string;
  guildId: string;
  channelId: string;
  storyIds: string[];
  /**
   * 'edit' rewrites an alert already posted (`messageId`), e.g. when its story gains outlets; 'coverage' posts
   * the story's new articles in a thread on that alert.
   */
  kind: 'alert' | 'overflow' | 'digest' | 'edit' | 'coverage';
  messageId?: string;
  /** Discord message body (content, embeds, allowed_mentions). */
  body: Record<string, unknown>;
  /** Discord nonce: a resend after a crash is recognised by Discord as the same message. */
  nonce: string;
  createdAt: string;
  /** Sort key so a channel receives its alerts in published order. */
  order: string;
  attempts: number;
  /** Not retried before this time (after a 5xx or a rate limit the REST client gave up on). */
  notBefore?: string;
  /** The topics (keys) it is about: in a forum channel, the post's tags. */
  topics?: string[];
  /**
   * When a process last asked Discord to start this item's forum post (wall-clock time). Set before asking, so a
   * process that died before recording the post lets the next one find the post instead of starting another.
   */
  postStartedAt?: string;
}

/**
 * The durable queue between matching and posting. Items live in one namespace keyed by id; listing walks
 * the namespace, which stays small because items leave it as soon as they are delivered.
 */
export class OutboxRepository {
  constructor(private readonly kv: Keyv) {}

  async put(item: OutboxItem): Promise<void> {
    await this.kv.set(item.id, item);
  }

  async get(id: string): Promise<OutboxItem | undefined> {
    return (await this.kv.get<OutboxItem>(id)) ?? undefined;
  }

  async remove(id: string): Promise<void> {
    await this.kv.delete(id);
  }

  async list(): Promise<OutboxItem[]> {
    const out: OutboxItem[] = [];
    for await (const [, value] of entriesOf<OutboxItem>(this.kv)) out.push(value);
    return out.sort((a, b) => a.order.localeCompare(b.order));
  }
}

/** An article waiting in a channel's hourly or daily digest. */
export interface DigestEntry {
  storyId: string;
  title: string;
  url: string;
  source: string;
  published: string;
  topic: string;
  /** The topic keys behind `topic`, for a digest posted in a forum (its tags). Older entries have none. */
  topics?: string[];
}

export class DigestRepository {
  constructor(
    private readonly kv: Keyv,
    private readonly locks: StoreLocks,
  ) {}

  async add(guildId: string, channelId: string, entry: DigestEntry, now: Date): Promise<void> {
    await this.locks.run(`digests:${channelId}`, async () => {
      const current = (await this.kv.get<{ guildId: string; since: string; entries: DigestEntry[] }>(channelId)) ?? {
        guildId,
        since: now.toISOString(),
        entries: [],
      };
      if (!current.entries.some((e) => e.storyId === entry.storyId)) current.entries.push(entry);
      await this.kv.set(channelId, current);
    });
  }

  /** Takes every pending digest out of the store: the caller turns them into outbox items. */
  async listPending(): Promise<{ channelId: string; guildId: string; since: string; entries: DigestEntry[] }[]> {
    const out: { channelId: string; guildId: string; since: string; entries: DigestEntry[] }[] = [];
    for await (const [key, v] of entriesOf<{ guildId: string; since: string; entries: DigestEntry[] }>(this.kv)) {
      if (v.entries.length) out.push({ channelId: key, ...v });
    }
    return out;
  }

  /**
   * Hands a channel's pending digest to `post` under the channel's lock and clears it if `post` says it was
   * queued: an article added meanwhile by another process is either in this digest or in the next one.
   */
  async drain(channelId: string, post: (digest: { guildId: string; since: string; entries: DigestEntry[] }) => Promise<boolean>): Promise<boolean> {
    return this.locks.run(`digests:${channelId}`, async () => {
      const current = await this.kv.get<{ guildId: string; since: string; entries: DigestEntry[] }>(channelId);
      if (!current?.entries.length) return false;
      if (!(await post(current))) return false;
      await this.kv.delete(channelId);
      return true;
    });
  }

  async clear(channelId: string): Promise<void> {
    await this.locks.run(`digests:${channelId}`, () => this.kv.delete(channelId));
  }
}
