import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.ts';
import type { Article } from '../../src/news/article.ts';

const dirs: string[] = [];
const stores: Store[] = [];
async function freshStore(file = 'nested/dir/newsbot.sqlite') {
  const dir = mkdtempSync(join(tmpdir(), 'newsbot-store-'));
  dirs.push(dir);
  const url = `sqlite://${join(dir, file)}`;
  const store = await openStore(url);
  stores.push(store);
  return { store, url, dir };
}
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const article = (over: Partial<Article> = {}): Article => ({
  id: 'https://news.example/a/1',
  url: 'https://news.example/a/1',
  canonicalUrl: 'https://news.example/a/1',
  title: 'Central bank holds rates steady amid weak yen',
  published: '2026-11-01T00:00:00.000Z',
  text: '',
  categories: [],
  source: { name: 'Example News', feedUrl: 'https://news.example/feed.xml' },
  ...over,
});

describe('SQLite store through Keyv', () => {
  it('creates the database folder on demand and keeps data across a reopen (a restart)', async () => {
    const { store, url, dir } = await freshStore();
    const now = new Date('2026-11-01T00:00:00Z');
    await store.feeds.ensure('https://news.example/feed.xml', now);
    expect(existsSync(join(dir, 'nested/dir/newsbot.sqlite'))).toBe(true);
    await store.subscriptions.follow({ guildId: 'g1', userId: 'u1', topic: 'japan', ping: false }, now);
    await store.seen.mark(article(), 'story-1', now);
    await store.close();
    stores.pop();

    const reopened = await openStore(url);
    stores.push(reopened);
    expect((await reopened.feeds.list()).map((f) => f.url)).toEqual(['https://news.example/feed.xml']);
    expect((await reopened.subscriptions.listAll()).map((s) => s.topic)).toEqual(['japan']);
    expect(await reopened.seen.find(article())).toMatchObject({ storyId: 'story-1' });
  });

  it('recognises an item whose guid changed by its URL, and one whose URL changed by its title in the same feed', async () => {
    const { store } = await freshStore();
    const now = new Date();
    await store.seen.mark(article(), 's1', now);
    expect(await store.seen.find(article({ id: 'feed#new-guid' }))).toBeDefined();
    expect(await store.seen.find(article({ id: 'feed#other', url: 'https://news.example/x?v=2', canonicalUrl: 'https://news.example/x?v=2' }))).toBeDefined();
    expect(
      await store.seen.find(
        article({ id: 'feed#other', canonicalUrl: 'https://news.example/b', title: 'A different story entirely about energy' }),
      ),
    ).toBeUndefined();
  });

  it('namespaces do not see each other: listing feeds never returns subscriptions', async () => {
    const { store } = await freshStore();
    const now = new Date();
    await store.subscriptions.follow({ guildId: 'g1', userId: 'u1', topic: 'crypto', ping: true }, now);
    await store.feeds.ensure('https://a.example/rss', now);
    expect(await store.feeds.list()).toHaveLength(1);
    expect(await store.subscriptions.listAll()).toHaveLength(1);
  });

  it('following the same topic twice keeps one subscription; concurrent follows in one server are all kept', async () => {
    const { store } = await freshStore();
    const now = new Date();
    await store.subscriptions.follow({ guildId: 'g', userId: 'u', topic: 'Japan', ping: false }, now);
    const again = await store.subscriptions.follow({ guildId: 'g', userId: 'u', topic: 'japan', ping: true }, now);
    expect(again.created).toBe(false);
    await Promise.all(
      ['ai', 'climate', 'space', 'energy', 'health'].map((topic) =>
        store.subscriptions.follow({ guildId: 'g', userId: 'u', topic, ping: false }, now),
      ),
    );
    const list = await store.subscriptions.listForGuild('g');
    expect(list.map((s) => s.topic).sort()).toEqual(['Japan', 'ai', 'climate', 'energy', 'health', 'space']);
    expect(list.find((s) => s.topic === 'Japan')?.ping).toBe(true);
    expect(await store.subscriptions.unfollow('g', 'u', 'JAPAN')).toBeDefined();
    expect(await store.subscriptions.listForGuild('g')).toHaveLength(5);
  });
});

describe('listing a namespace', () => {
  it('lists each follow, feed and queued alert once even when the backend walks a key twice (Redis SCAN may)', async () => {
    const { default: Keyv } = await import('keyv');
    const { entriesOf } = await import('../../src/store/list-entries.ts');
    // Redis only repeats a key when its table is resized mid-walk, which a test cannot force; a Map that
    // walks every entry twice stands in for that one behaviour.
    class WalkTwice<K, V> extends Map<K, V> {
      override *[Symbol.iterator](): MapIterator<[K, V]> {
        yield* super.entries();
        yield* super.entries();
      }
    }
    const kv = new Keyv({ store: new WalkTwice(), namespace: 'subscriptions' });
    await kv.set('g1', [{ id: 'a', topic: 'japan' }]);
    await kv.set('g2', [{ id: 'b', topic: 'crypto' }]);
    const listed: string[] = [];
    for await (const [key] of entriesOf(kv)) listed.push(key);
    expect(listed.sort()).toEqual(['g1', 'g2']);
  });

  it('skips an entry deleted by another process between the listing and the read (Keyv\'s own iterator threw there)', async () => {
    const { default: Keyv } = await import('keyv');
    const { entriesOf } = await import('../../src/store/list-entries.ts');
    const serialized = (value: unknown) => JSON.stringify({ value, expires: null });
    // The adapter's listing as Redis gives it when a key vanished between SCAN and MGET: the key, no value.
    const adapter = {
      opts: { dialect: 'redis', url: 'redis://stand-in' },
      namespace: 'outbox',
      async get() {
        return undefined;
      },
      async set() {},
      async delete() {
        return true;
      },
      async clear() {},
      async *iterator() {
        yield ['outbox:c|1', serialized({ id: 'c|1' })];
        yield ['outbox:c|2', null];
        yield ['outbox:c|3', serialized({ id: 'c|3' })];
      },
    };
    const kv = new Keyv({ store: adapter as never, namespace: 'outbox' });
    const listed: string[] = [];
    for await (const [key] of entriesOf(kv)) listed.push(key);
    expect(listed).toEqual(['c|1', 'c|3']);
  });
});

describe('store faults in plain words', () => {
  it('a full disk or a Redis at its memory limit is fatal and named; a busy database is not fatal', async () => {
    const { describeStoreError, isFatalStoreError } = await import('../../src/store/store-errors.ts');
    const pgFull = Object.assign(new Error('could not extend file "base/16384/2619": No space left on device'), { code: '53100' });
    const redisOom = new Error("OOM command not allowed when used memory > 'maxmemory'.");
    const sqliteFull = Object.assign(new Error('SQLITE_FULL: database or disk is full'), { code: 'SQLITE_FULL' });
    for (const err of [pgFull, redisOom, sqliteFull]) expect(isFatalStoreError(err)).toBe(true);
    expect(isFatalStoreError(new Error('SQLITE_BUSY: database is locked'))).toBe(false);
    expect(describeStoreError(pgFull, 'postgresql://bot:secret@db.example/news')).toMatch(/disk holding postgresql:\/\/db\.example\/news is full/);
    expect(describeStoreError(pgFull, 'postgresql://bot:secret@db.example/news')).not.toMatch(/secret/);
    expect(describeStoreError(redisOom, 'redis://127.0.0.1:6379')).toMatch(/out of memory/);
  });
});
