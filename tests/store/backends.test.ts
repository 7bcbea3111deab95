import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.ts';
import type { StoryEntry } from '../../src/news/stories/same-story.ts';
import { backendChoices, type TestBackend } from './backends.ts';

/**
 * The same behaviour on every engine STORE_URL can name. SQLite always runs; Redis and PostgreSQL run when
 * TEST_REDIS_URL / TEST_POSTGRES_URL are set, and otherwise show up as skipped suites naming the variable.
 */
for (const choice of backendChoices()) {
  if (!choice.make) {
    describe.skip(`store on ${choice.name} (skipped: ${choice.reason})`, () => {
      it('runs when the server is configured', () => {});
    });
    continue;
  }
  const make = choice.make;
  describe(`store on ${choice.name}`, () => {
    const backends: TestBackend[] = [];
    const stores: Store[] = [];
    async function fresh(): Promise<{ store: Store; backend: TestBackend }> {
      const backend = make();
      backends.push(backend);
      const store = await openStore(backend.url, { prefix: backend.prefix });
      stores.push(store);
      return { store, backend };
    }
    async function reopen(backend: TestBackend): Promise<Store> {
      const store = await openStore(backend.url, { prefix: backend.prefix });
      stores.push(store);
      return store;
    }
    afterEach(async () => {
      await Promise.all(stores.splice(0).map((s) => s.close()));
      for (const b of backends.splice(0)) await b.cleanup();
    });

    it('keeps feeds, follows and settings across a reopen (a restart), and lists every entry of a namespace', async () => {
      const { store, backend } = await fresh();
      const now = new Date('2026-11-01T00:00:00Z');
      // More feeds than one listing page, so paging is exercised.
      const urls = Array.from({ length: 620 }, (_, i) => `https://feeds${i % 7}.example/news/${i}.xml`);
      for (let i = 0; i < urls.length; i += 50) await Promise.all(urls.slice(i, i + 50).map((u) => store.feeds.ensure(u, now)));
      await store.subscriptions.follow({ guildId: 'g1', userId: 'u1', topic: 'japan', ping: false }, now);
      await store.guilds.update('g1', (g) => {
        g.defaultChannelId = 'c1';
      });
      await store.close();
      stores.pop();

      const again = await reopen(backend);
      expect((await again.feeds.list()).map((f) => f.url).sort()).toEqual([...urls].sort());
      expect((await again.subscriptions.listAll()).map((s) => s.topic)).toEqual(['japan']);
      expect((await again.guilds.listAll()).map((g) => [g.guildId, g.defaultChannelId])).toEqual([['g1', 'c1']]);
    });

    it('keeps namespaces apart and stores keys with colons, pipes and long titles', async () => {
      const { store } = await fresh();
      const now = new Date();
      await store.feeds.ensure('https://a.example:8443/rss?x=1|2', now);
      await store.subscriptions.follow({ guildId: 'g', userId: 'u', topic: 'crypto', ping: true }, now);
      const title = 'A very long headline about harbour dredging '.repeat(8);
      const article = { id: 'x', url: 'https://a.example/x', canonicalUrl: 'https://a.example/x', title, published: now.toISOString(), text: '', categories: [], source: { name: 'A', feedUrl: 'https://a.example:8443/rss?x=1|2' } };
      await store.seen.mark(article, 's1', now);
      expect(await store.feeds.list()).toHaveLength(1);
      expect(await store.subscriptions.listAll()).toHaveLength(1);
      expect(await store.seen.find({ ...article, id: 'other', canonicalUrl: 'https://a.example/other' })).toMatchObject({ storyId: 's1' });
    });

    it('keeps every one of many concurrent follows in one server (no lost update)', async () => {
      const { store } = await fresh();
      const now = new Date();
      const topics = Array.from({ length: 12 }, (_, i) => `topic number ${i}`);
      await Promise.all(topics.map((topic, i) => store.subscriptions.follow({ guildId: 'g', userId: `u${i % 3}`, topic, ping: false }, now)));
      expect((await store.subscriptions.listForGuild('g')).map((s) => s.topic).sort()).toEqual([...topics].sort());
    });

    it('claims are set-if-absent: one winner, only the owner releases, and an expired claim can be taken over', async () => {
      const { store } = await fresh();
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => store.claims.claim('send:c1|s1', 60_000, `owner-${i}`)));
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = `owner-${results.indexOf(true)}`;
      await store.claims.release('send:c1|s1', 'someone-else');
      expect(await store.claims.claim('send:c1|s1', 60_000, 'late')).toBe(false);
      await store.claims.release('send:c1|s1', winner);
      expect(await store.claims.claim('send:c1|s1', 1, 'short')).toBe(true);
      // A 1 ms claim has run out by the time the next statement reaches the server.
      await new Promise((r) => setTimeout(r, 5));
      expect(await store.claims.claim('send:c1|s1', 60_000, 'next')).toBe(true);
    });

    it('appends recent stories in chunks, and a reader with a cursor gets only what is new', async () => {
      const { store } = await fresh();
      const now = new Date('2026-11-01T10:30:00Z');
      const entry = (id: string): StoryEntry => ({ storyId: id, canonicalUrl: `https://x.example/${id}`, title: id, source: 'X', at: now.getTime(), signature: [] });
      await store.stories.addRecent([entry('a'), entry('b')]);
      const first = await store.stories.readRecent(new Map(), now, 48);
      expect(first.entries.map((e) => e.storyId)).toEqual(['a', 'b']);
      await Promise.all([store.stories.addRecent([entry('c')]), store.stories.addRecent([entry('d')])]);
      const second = await store.stories.readRecent(first.cursor, now, 48);
      expect(second.entries.map((e) => e.storyId).sort()).toEqual(['c', 'd']);
      expect((await store.stories.loadRecent(now, 48)).map((e) => e.storyId).sort()).toEqual(['a', 'b', 'c', 'd']);
    });

    it('lists and removes outbox items, and drains a digest once', async () => {
      const { store } = await fresh();
      const base = { guildId: 'g', channelId: 'c', kind: 'alert' as const, body: {}, nonce: 'n', createdAt: '', attempts: 0 };
      await store.outbox.put({ ...base, id: 'c|2', storyIds: ['2'], order: '2' });
      await store.outbox.put({ ...base, id: 'c|1', storyIds: ['1'], order: '1' });
      expect((await store.outbox.list()).map((i) => i.id)).toEqual(['c|1', 'c|2']);
      await store.outbox.remove('c|1');
      expect(await store.outbox.get('c|1')).toBeUndefined();
      await store.digests.add('g', 'c', { storyId: 's', title: 't', url: 'u', source: 'S', published: '', topic: 'x' }, new Date());
      const posted: number[] = [];
      const drains = await Promise.all([1, 2].map(() => store.digests.drain('c', async (d) => (posted.push(d.entries.length), true))));
      expect(drains.filter(Boolean)).toHaveLength(1);
      expect(posted).toEqual([1]);
      expect(await store.digests.listPending()).toEqual([]);
    });
    it('deletes entries whose time is up, and nothing else (an SQL store does not grow for as long as the bot runs)', async () => {
      const { store } = await fresh();
      const now = new Date();
      const day = 24 * 3_600_000;
      const article = { id: 'old-item', url: 'https://a.example/o', canonicalUrl: 'https://a.example/o', title: 'Harbour dredging resumes after the winter storms', published: now.toISOString(), text: '', categories: [], source: { name: 'A', feedUrl: 'https://a.example/rss' } };
      await store.seen.mark(article, 's-old', now);
      await store.deliveries.record('c1', ['s-old'], { at: now.toISOString(), as: 'alert' });
      await store.subscriptions.follow({ guildId: 'g', userId: 'u', topic: 'japan', ping: false }, now);
      await store.claims.claim('send:c1|s-old', 60_000, 'owner');

      // Tomorrow nothing has run out but the claim.
      expect(await store.sweepExpired(new Date(now.getTime() + day))).toBe(choice.name === 'redis' ? 0 : 1);
      expect(await store.seen.find(article)).toMatchObject({ storyId: 's-old' });

      // In 121 days the seen mark (120 days) and the delivery record (60 days) are gone from the table itself:
      // Keyv's own clock still says they are fresh, so only a real delete makes them unreadable.
      const removed = await store.sweepExpired(new Date(now.getTime() + 121 * day));
      if (choice.name === 'redis') {
        // Redis expires keys by itself; there is nothing to sweep.
        expect(removed).toBe(0);
      } else {
        expect(removed).toBe(4);
        expect(await store.seen.find(article)).toBeUndefined();
        expect(await store.deliveries.get('c1', 's-old')).toBeUndefined();
      }
      // Follows have no expiry and always survive.
      expect((await store.subscriptions.listAll()).map((s) => s.topic)).toEqual(['japan']);
    });
  });
}
