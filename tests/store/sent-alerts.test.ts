import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.ts';
import type { SentAlert } from '../../src/store/sent-alerts.ts';
import { tempStore } from '../support/temp-store.ts';

/**
 * A posted alert is remembered so that later articles of its story can be added to it; it must outlive the
 * story's same-story window (STORY_WINDOW_HOURS) and go a day after it. Expiry is checked through the sweep
 * of a real SQLite file, with the sweep's clock moved forward (Keyv's own clock would keep everything fresh).
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function storeWithWindow(storyWindowMs?: number): Promise<Store> {
  const env = await tempStore();
  const store = await openStore(env.url, storyWindowMs === undefined ? {} : { storyWindowMs });
  cleanups.push(env.cleanup, () => store.close());
  return store;
}

const alertIn = (channelId: string, at: Date): SentAlert => ({
  guildId: 'g1',
  channelId,
  messageId: `m-${channelId}`,
  embed: { title: 'Harbour cranes idle as dock workers strike for a second day' },
  source: 'Harbour Desk',
  at: at.toISOString(),
});

/** Whether the story's alerts are still known after a sweep at `hoursLater` from `from`. */
async function keptAfter(store: Store, storyId: string, from: Date, hoursLater: number): Promise<boolean> {
  await store.sweepExpired(new Date(from.getTime() + hoursLater * HOUR));
  return (await store.sentAlerts.list(storyId)).length > 0;
}

describe('how long a posted alert stays editable', () => {
  it('with a 7-day window (STORY_WINDOW_HOURS=168), an alert is still known five days on, and gone a day after the window', async () => {
    const store = await storeWithWindow(168 * HOUR);
    const posted = new Date();
    await store.sentAlerts.add('story-1', alertIn('c1', posted));
    expect(await keptAfter(store, 'story-1', posted, 5 * 24)).toBe(true);
    expect(await keptAfter(store, 'story-1', posted, 7 * 24 + 23)).toBe(true);
    expect(await keptAfter(store, 'story-1', posted, 8 * 24 + 1)).toBe(false);
  });

  it('with the default 48 h window, an alert is known until the window plus a day and gone after it', async () => {
    const store = await storeWithWindow();
    const posted = new Date();
    await store.sentAlerts.add('story-2', alertIn('c1', posted));
    expect(await keptAfter(store, 'story-2', posted, 71)).toBe(true);
    expect(await keptAfter(store, 'story-2', posted, 73)).toBe(false);
  });

  it('a story posted in a second channel later is kept until the window of that later alert ends', async () => {
    const store = await storeWithWindow(48 * HOUR);
    const first = new Date();
    const later = new Date(first.getTime() + 2 * DAY);
    await store.sentAlerts.add('story-3', alertIn('c1', first));
    await store.sentAlerts.add('story-3', alertIn('c2', later));
    expect(await keptAfter(store, 'story-3', first, 2 * 24 + 71)).toBe(true);
    expect((await store.sentAlerts.list('story-3')).map((a) => a.channelId)).toEqual(['c1', 'c2']);
    expect(await keptAfter(store, 'story-3', first, 2 * 24 + 73)).toBe(false);
  });
});
