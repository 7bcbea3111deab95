import type Keyv from 'keyv';
import type { StoryEntry } from '../news/stories/same-story.ts';
import type { StoreLocks } from './locks.ts';

/** A story cluster: the first article that reported it, and every other source seen carrying it. */
export interface StoryRecord {
  storyId: string;
  title: string;
  url: string;
  source: string;
  firstSeen: string;
  feedUrl?: string;
  published?: string;
  /** Title-and-lead text and categories, kept so /why can re-run the matcher on the story. */
  lead?: string;
  categories?: string[];
  /** 'backlog' when the story was already in a feed the first time the bot read it. */
  firstSeenAs?: 'new' | 'backlog' | 'reset';
  /** Later articles of the story (other outlets, copies), with the opening their feed carried. */
  alsoReportedBy: { source: string; url: string; title: string; at: string; lead?: string }[];
  /** Set when a page read later showed this story copies an earlier one (a syndicated copy): that story's id. */
  mergedInto?: string;
}

const STORY_TTL_MS = 30 * 24 * 3_600_000;
const HOUR_MS = 3_600_000;
const RECENT_TTL_MS = 7 * 24 * HOUR_MS;

/**
 * Story clusters, plus the signatures of recent stories kept in hourly buckets: a poll rewrites only the
 * current hour's bucket, and start-up reads the last few hours to rebuild the in-memory StoryIndex.
 */
export class StoryRepository {
  constructor(
    private readonly kv: Keyv,
    private readonly locks: StoreLocks,
  ) {}

  async get(storyId: string): Promise<StoryRecord | undefined> {
    return (await this.kv.get<StoryRecord>(`story:${storyId}`)) ?? undefined;
  }

  async create(record: StoryRecord): Promise<void> {
    await this.kv.set(`story:${record.storyId}`, record, STORY_TTL_MS);
  }

  /**
   * The story `storyId` stands for now: its own record, or (once a page read showed it to copy an earlier story)
   * that story's, following `mergedInto`. The last record found when the chain runs out.
   */
  async current(storyId: string): Promise<StoryRecord | undefined> {
    let record = await this.get(storyId);
    for (let hops = 0; record?.mergedInto && record.mergedInto !== record.storyId && hops < 3; hops++) {
      const into = await this.get(record.mergedInto);
      if (!into) break;
      record = into;
    }
    return record;
  }

  /** Records that a page read later showed `storyId` to be a copy of `into` (see StoryRecord.mergedInto). */
  async markMerged(storyId: string, into: string): Promise<void> {
    await this.locks.run(`stories:story:${storyId}`, async () => {
      const record = await this.get(storyId);
      if (!record || record.mergedInto) return;
      await this.kv.set(`story:${storyId}`, { ...record, mergedInto: into }, STORY_TTL_MS);
    });
  }

  async addReport(storyId: string, report: StoryRecord['alsoReportedBy'][number]): Promise<StoryRecord | undefined> {
    return this.locks.run(`stories:story:${storyId}`, async () => {
      const record = await this.get(storyId);
      if (!record) return undefined;
      if (!record.alsoReportedBy.some((r) => r.url === report.url) && record.url !== report.url) {
        record.alsoReportedBy.push(report);
        await this.kv.set(`story:${storyId}`, record, STORY_TTL_MS);
      }
      return record;
    });
  }

  /**
   * Appends recent-story signatures as a new chunk of the current hour: `recent:<hour>:<n>`, with the chunk
   * count in `recent-n:<hour>`. Appending writes only the new entries (rewriting one growing bucket per feed
   * read would cost quadratic bytes), and a reader that remembers how many chunks it has read per hour can
   * catch up on what other processes added.
   */
  async addRecent(entries: StoryEntry[]): Promise<void> {
    const byHour = new Map<number, StoryEntry[]>();
    for (const e of entries) {
      const hour = Math.floor(e.at / HOUR_MS);
      byHour.set(hour, [...(byHour.get(hour) ?? []), e]);
    }
    for (const [hour, list] of byHour) {
      await this.locks.run(`stories:recent-n:${hour}`, async () => {
        const n = (await this.kv.get<number>(`recent-n:${hour}`)) ?? 0;
        // The chunk is written before the count, so a reader that sees the count finds the chunk.
        await this.kv.set(`recent:${hour}:${n}`, list, RECENT_TTL_MS);
        await this.kv.set(`recent-n:${hour}`, n + 1, RECENT_TTL_MS);
      });
    }
  }

  async loadRecent(now: Date, windowHours: number): Promise<StoryEntry[]> {
    return (await this.readRecent(new Map(), now, windowHours)).entries;
  }

  /**
   * Entries of chunks not yet read according to `cursor` (hour → chunks read), and the cursor after them.
   * Hours before the window are dropped from the cursor.
   */
  async readRecent(cursor: ReadonlyMap<number, number>, now: Date, windowHours: number): Promise<{ entries: StoryEntry[]; cursor: Map<number, number> }> {
    const current = Math.floor(now.getTime() / HOUR_MS);
    const next = new Map<number, number>();
    const keys: string[] = [];
    const hours = Array.from({ length: windowHours + 1 }, (_, i) => current - windowHours + i);
    // One round trip for every hour's chunk count: this runs under the shared ingest lock.
    const counts = await this.kv.getMany<number>(hours.map((h) => `recent-n:${h}`));
    for (const [i, h] of hours.entries()) {
      const read = cursor.get(h);
      // Single-bucket layout of earlier versions, still read so an upgrade keeps its recent stories.
      if (read === undefined) keys.push(`recent:${h}`);
      const count = counts[i] ?? 0;
      for (let n = read ?? 0; n < count; n++) keys.push(`recent:${h}:${n}`);
      next.set(h, count);
    }
    const entries: StoryEntry[] = [];
    if (keys.length) for (const list of await this.kv.getMany<StoryEntry[]>(keys)) if (list) entries.push(...list);
    return { entries, cursor: next };
  }
}
