import type Keyv from 'keyv';
import type { StoryEntry } from '../news/dedupe.ts';
import { KeyedMutex } from './keyed-mutex.ts';

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
  alsoReportedBy: { source: string; url: string; title: string; at: string }[];
}

const STORY_TTL_MS = 30 * 24 * 3_600_000;
const HOUR_MS = 3_600_000;

/**
 * Story clusters, plus the signatures of recent stories kept in hourly buckets: a poll rewrites only the
 * current hour's bucket, and start-up reads the last few hours to rebuild the in-memory StoryIndex.
 */
export class StoryRepository {
  private readonly mutex = new KeyedMutex();
  constructor(private readonly kv: Keyv) {}

  async get(storyId: string): Promise<StoryRecord | undefined> {
    return (await this.kv.get<StoryRecord>(`story:${storyId}`)) ?? undefined;
  }

  async create(record: StoryRecord): Promise<void> {
    await this.kv.set(`story:${record.storyId}`, record, STORY_TTL_MS);
  }

  async addReport(storyId: string, report: StoryRecord['alsoReportedBy'][number]): Promise<StoryRecord | undefined> {
    return this.mutex.run(`story:${storyId}`, async () => {
      const record = await this.get(storyId);
      if (!record) return undefined;
      if (!record.alsoReportedBy.some((r) => r.url === report.url) && record.url !== report.url) {
        record.alsoReportedBy.push(report);
        await this.kv.set(`story:${storyId}`, record, STORY_TTL_MS);
      }
      return record;
    });
  }

  async addRecent(entries: StoryEntry[]): Promise<void> {
    const byHour = new Map<number, StoryEntry[]>();
    for (const e of entries) {
      const hour = Math.floor(e.at / HOUR_MS);
      byHour.set(hour, [...(byHour.get(hour) ?? []), e]);
    }
    for (const [hour, list] of byHour) {
      await this.mutex.run(`recent:${hour}`, async () => {
        const existing = (await this.kv.get<StoryEntry[]>(`recent:${hour}`)) ?? [];
        await this.kv.set(`recent:${hour}`, [...existing, ...list], 7 * 24 * HOUR_MS);
      });
    }
  }

  async loadRecent(now: Date, windowHours: number): Promise<StoryEntry[]> {
    const current = Math.floor(now.getTime() / HOUR_MS);
    const out: StoryEntry[] = [];
    for (let h = current - windowHours; h <= current; h++) {
      out.push(...((await this.kv.get<StoryEntry[]>(`recent:${h}`)) ?? []));
    }
    return out;
  }
}
