import type { FeedRecord } from '../store/feeds.ts';

export type FeedHealth = 'ok' | 'failing' | 'broken';

/** 'broken' once a feed has failed for longer than the alert threshold: the point at which admins are told. */
export function feedHealth(feed: FeedRecord, now: Date, brokenAfterHours: number): FeedHealth {
  if (feed.failures === 0 || !feed.failingSince) return 'ok';
  const failingForMs = now.getTime() - Date.parse(feed.failingSince);
  return failingForMs >= brokenAfterHours * 3_600_000 ? 'broken' : 'failing';
}

const BACKOFF_BASE_MS = 5 * 60_000;
const BACKOFF_MAX_MS = 6 * 3_600_000;

/** How long to leave a feed alone after `failures` consecutive failures: the next poll, then doubling to 6 h. */
export function backoffMs(failures: number): number {
  if (failures <= 1) return 0;
  return Math.min(BACKOFF_BASE_MS * 2 ** (failures - 2), BACKOFF_MAX_MS);
}
