import type Keyv from 'keyv';
import type { StoreLocks } from './locks.ts';

/**
 * Kept as long as a story can still gain outlets (its same-story window, STORY_WINDOW_HOURS) and a day more: an
 * alert is edited only while later articles can join its story. The caller names the window.
 */
const MARGIN_MS = 24 * 3_600_000;

/** An alert message as posted, so it can be edited when its story gains outlets. */
export interface SentAlert {
  guildId: string;
  channelId: string;
  messageId: string;
  /** The embed as posted (the edit rewrites its "Also reported by" field and keeps the rest). */
  embed: Record<string, unknown>;
  /** The outlet of the article the alert shows, left out of its own "Also reported by". */
  source: string;
  at: string;
  /** Sent to a member's DMs, where there are no threads. */
  dm?: boolean;
  /** The story's coverage thread on this alert, once started; a forum post is its own thread (same id). */
  threadId?: string;
  /** Posted as a post in a forum or media channel: its starter message is edited inside the post. */
  forum?: boolean;
}

/** How long a story's alerts must be kept from `now`: until the last of them leaves the window. */
function keepMs(list: SentAlert[], windowMs: number, now: number): number {
  const last = Math.max(...list.map((a) => Date.parse(a.at) || now));
  return Math.max(60_000, last + windowMs + MARGIN_MS - now);
}

/** The alert messages of each story, across channels and servers. */
export class SentAlertRepository {
  constructor(
    private readonly kv: Keyv,
    private readonly locks: StoreLocks,
    /** The same-story window (STORY_WINDOW_HOURS). */
    private readonly windowMs = 48 * 3_600_000,
  ) {}

  async list(storyId: string): Promise<SentAlert[]> {
    return (await this.kv.get<SentAlert[]>(storyId)) ?? [];
  }

  private async save(storyId: string, list: SentAlert[]): Promise<void> {
    await this.kv.set(storyId, list, keepMs(list, this.windowMs, Date.now()));
  }

  async add(storyId: string, alert: SentAlert): Promise<void> {
    await this.locks.run(`sent-alerts:${storyId}`, async () => {
      const current = ((await this.kv.get<SentAlert[]>(storyId)) ?? []).filter((a) => a.channelId !== alert.channelId);
      await this.save(storyId, [...current, alert]);
    });
  }

  async setThread(storyId: string, channelId: string, threadId: string): Promise<void> {
    await this.locks.run(`sent-alerts:${storyId}`, async () => {
      const list = (await this.kv.get<SentAlert[]>(storyId)) ?? [];
      const alert = list.find((a) => a.channelId === channelId);
      if (!alert) return;
      alert.threadId = threadId;
      await this.save(storyId, list);
    });
  }

  async forget(storyId: string, channelId: string): Promise<void> {
    await this.locks.run(`sent-alerts:${storyId}`, async () => {
      const kept = ((await this.kv.get<SentAlert[]>(storyId)) ?? []).filter((a) => a.channelId !== channelId);
      if (kept.length) await this.save(storyId, kept);
      else await this.kv.delete(storyId);
    });
  }
}
