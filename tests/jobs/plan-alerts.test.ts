import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { audienceOf, buildIndex } from '../../src/jobs/audience.ts';
import { planAlerts, routeCandidates, type Candidate } from '../../src/jobs/plan-alerts.ts';
import { queueAlerts } from '../../src/jobs/queue-alerts.ts';
import { explain } from '../../src/commands/why.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/logger.ts';
import type { AppContext } from '../../src/context.ts';
import { defaultGuildSettings, type GuildSettings } from '../../src/store/guilds.ts';
import type { Subscription } from '../../src/store/subscriptions.ts';
import { tempStore } from '../support/temp-store.ts';

const FEED = 'https://desk.example/feed.xml';
const OTHER_FEED = 'https://elsewhere.example/feed.xml';
const log = silentLogger();
const rules = { maxAgeMs: 24 * 3_600_000, maxAlertsPerPoll: 2 };

function article(id: string, title: string, opts: { feed?: string; published?: string; firstSeen?: string; text?: string } = {}): Candidate {
  return {
    storyId: id,
    firstSeen: opts.firstSeen ?? '2026-12-01T10:05:00.000Z',
    article: {
      id,
      url: `https://desk.example/${id}`,
      canonicalUrl: `https://desk.example/${id}`,
      title,
      published: opts.published ?? '2026-12-01T10:00:00.000Z',
      text: opts.text ?? `${title}. Officials in Tokyo said the Japanese government would answer this week, and the yen moved.`,
      categories: [],
      source: { name: 'Desk', feedUrl: opts.feed ?? FEED },
    },
  };
}

function guild(change: (g: GuildSettings) => void = () => {}): GuildSettings {
  const g = defaultGuildSettings('g1');
  g.defaultChannelId = 'c-alerts';
  g.feeds = [{ url: FEED, addedAt: '2026-11-01T00:00:00Z', addedBy: 'admin' }];
  change(g);
  return g;
}

function follow(topic: string, opts: Partial<Subscription> = {}): Subscription {
  return { id: `g1:${opts.userId ?? 'u1'}:${topic}`, guildId: 'g1', userId: 'u1', topic, ping: false, createdAt: '2026-11-30T00:00:00.000Z', ...opts };
}

function route(candidates: Candidate[], subs: Subscription[], settings: GuildSettings) {
  const audience = audienceOf(subs, [settings], false);
  return { audience, ...routeCandidates(candidates, buildIndex(audience, log), audience, rules) };
}

describe('routeCandidates: matching → channels, and why a match goes nowhere', () => {
  it('routes a matching story to the topic channel, else the default channel, once per channel', () => {
    const { routes, skipped } = route([article('a', 'Japan and the yen: Tokyo acts')], [follow('japan'), follow('japan', { userId: 'u2', ping: true })], guild());
    expect(skipped).toEqual([]);
    expect(routes).toHaveLength(1);
    expect(routes[0]!.channelId).toBe('c-alerts');
    expect([...routes[0]!.users]).toEqual(['u2']);
    const topical = route([article('a', 'Japan and the yen: Tokyo acts')], [follow('japan')], guild((g) => (g.topicChannels.japan = 'c-japan')));
    expect(topical.routes.map((r) => r.channelId)).toEqual(['c-japan']);
  });

  it('goes by when an article first appeared, not by the date its feed gives it', () => {
    // Dated 10:02, first in the feed at 10:09, followed at 10:05: feeds publish late, and it is news to the follower.
    const late = article('late', 'Japan and the yen: Tokyo acts', { published: '2026-12-01T10:02:00.000Z', firstSeen: '2026-12-01T10:09:00.000Z' });
    expect(route([late], [follow('japan', { createdAt: '2026-12-01T10:05:00.000Z' })], guild()).routes).toHaveLength(1);
  });

  it('says which rule stopped each matched follow', () => {
    const story = [article('a', 'Japan and the yen: Tokyo acts')];
    expect(route([article('a', 'Japan and the yen: Tokyo acts', { feed: OTHER_FEED })], [follow('japan')], guild()).skipped.map((s) => s.reason)).toEqual(['feed-not-read']);
    expect(route(story, [follow('japan', { createdAt: '2026-12-02T00:00:00.000Z' })], guild()).skipped.map((s) => s.reason)).toEqual(['before-follow']);
    expect(route([article('a', 'Japan and the yen: Tokyo acts', { published: '2026-11-28T10:00:00.000Z' })], [follow('japan')], guild()).skipped.map((s) => s.reason)).toEqual(['too-old']);
    expect(route(story, [follow('japan')], guild((g) => delete g.defaultChannelId)).skipped.map((s) => s.reason)).toEqual(['no-channel']);
    const paused = route(story, [follow('japan')], guild((g) => (g.pausedChannels['c-alerts'] = { reason: 'admin', since: '' })));
    expect(paused.skipped).toMatchObject([{ reason: 'channel-paused', channelId: 'c-alerts' }]);
    expect(paused.routes).toEqual([]);
  });

  it('a story that matches nothing is neither routed nor skipped', () => {
    const { routes, skipped } = route([article('b', 'Dutch tulip growers report a record season', { text: 'Growers near Lisse said prices held up through the spring auctions.' })], [follow('japan')], guild());
    expect(routes).toEqual([]);
    expect(skipped).toEqual([]);
  });
});

describe('planAlerts: flood control, digests, and what was already posted', () => {
  const stories = ['Tokyo acts on the yen', 'Japan exports rise', 'Japanese carmakers expand', 'Nikkei closes higher in Tokyo'].map((t, i) =>
    article(`s${i}`, t, { published: `2026-12-01T10:0${4 - i}:00.000Z` }),
  );

  it('posts the oldest few on their own and lists the rest in one message', () => {
    const { routes, audience } = route(stories, [follow('japan')], guild());
    const plan = planAlerts(routes, () => false, audience, rules);
    expect(plan.alerts.map((r) => r.candidate.storyId)).toEqual(['s3', 's2']);
    expect(plan.lists).toHaveLength(1);
    expect(plan.lists[0]!.routes.map((r) => r.candidate.storyId)).toEqual(['s1', 's0']);
  });

  it('never plans a story twice for a channel, and says so', () => {
    const { routes, audience } = route(stories, [follow('japan')], guild());
    const plan = planAlerts(routes, (_c, storyId) => storyId === 's3', audience, rules);
    expect(plan.alerts.map((r) => r.candidate.storyId)).toEqual(['s2', 's1']);
    expect(plan.skipped).toMatchObject([{ storyId: 's3', reason: 'already-posted', channelId: 'c-alerts' }]);
  });

  it('a digest channel collects every story instead of posting', () => {
    const { routes, audience } = route(stories, [follow('japan')], guild((g) => (g.channelModes['c-alerts'] = 'daily')));
    const plan = planAlerts(routes, () => false, audience, rules);
    expect(plan.alerts).toEqual([]);
    expect(plan.digests.map((d) => d.mode)).toEqual(['daily', 'daily', 'daily', 'daily']);
  });
});

describe('/why and the planner agree', () => {
  let env: Awaited<ReturnType<typeof tempStore>>;
  beforeEach(async () => {
    env = await tempStore();
  });
  afterEach(() => env.cleanup());

  const scenarios: { name: string; settings: (g: GuildSettings) => void; sub: Partial<Subscription>; feed?: string; published?: string; expect: RegExp; queued: boolean }[] = [
    { name: 'posted normally', settings: () => {}, sub: {}, expect: /waiting in <#c-alerts>/, queued: true },
    { name: 'already in the feed when the follow was made', settings: () => {}, sub: { createdAt: '2026-12-02T00:00:00.000Z' }, expect: /already in its feed before the follow began/, queued: false },
    { name: 'dated before the follow, first seen after it', settings: () => {}, sub: { createdAt: '2026-12-01T09:58:00.000Z' }, published: '2026-12-01T09:50:00.000Z', expect: /waiting in/, queued: true },
    { name: 'dated days before it first appeared', settings: () => {}, sub: {}, published: '2026-11-27T08:00:00.000Z', expect: /history, not news/, queued: false },
    { name: 'no alert channel', settings: (g) => delete g.defaultChannelId, sub: {}, expect: /no alert channel/, queued: false },
    { name: 'paused channel', settings: (g) => (g.pausedChannels['c-alerts'] = { reason: 'deleted', since: '' }), sub: {}, expect: /paused \(the channel was deleted\)/, queued: false },
    { name: 'feed not read', settings: () => {}, sub: {}, feed: OTHER_FEED, expect: /a feed this server does not read/, queued: false },
    { name: 'digest channel', settings: (g) => (g.channelModes['c-alerts'] = 'hourly'), sub: {}, expect: /for the next digest/, queued: true },
  ];

  for (const s of scenarios) {
    it(`${s.name}: /why says what the planner did`, async () => {
      const store = env.store;
      const settings = guild(s.settings);
      await store.guilds.update('g1', (g) => Object.assign(g, settings));
      const sub = follow('japan', s.sub);
      await store.subscriptions.follow({ guildId: 'g1', userId: sub.userId, topic: sub.topic, ping: false }, new Date(sub.createdAt));
      const candidate = article('story-1', 'Japan and the yen: Tokyo acts', { feed: s.feed, published: s.published, firstSeen: '2026-12-01T10:00:00.000Z' });
      await store.stories.create({
        storyId: candidate.storyId,
        title: candidate.article.title,
        url: candidate.article.url,
        source: 'Desk',
        feedUrl: candidate.article.source.feedUrl,
        published: candidate.article.published,
        lead: candidate.article.text,
        categories: [],
        firstSeen: candidate.firstSeen,
        firstSeenAs: 'new',
        alsoReportedBy: [],
      });
      await store.seen.mark(candidate.article, candidate.storyId, new Date(candidate.firstSeen));
      const config = loadConfig({ STORE_URL: env.url, STARTER_FEEDS: 'false', LOG_LEVEL: 'silent' });
      const ctx = { config, store, log, now: () => new Date('2026-12-01T10:05:00Z'), fetch: { allowPrivate: false }, discord: { send: async () => ({ id: '1' }), edit: async () => ({}), startThread: async () => ({ id: 'thread' }), openDm: async () => ({ id: 'dm' }), systemChannelOf: () => undefined } } as AppContext;
      const answer = await explain(ctx, 'g1', candidate.article.canonicalUrl);
      expect(answer).toMatch(s.expect);
      const audience = audienceOf(await store.subscriptions.listAll(), await store.guilds.listAll(), false);
      // Enrichment would fetch the page: the story's insight is already known, as after a first alert.
      await store.insights.set(candidate.storyId, { title: candidate.article.title, text: candidate.article.text, paragraphs: [candidate.article.text], summary: [candidate.article.text], quotes: [], basis: 'feed' });
      const queued = await queueAlerts(ctx, [candidate], audience);
      expect(queued.queued + queued.digested > 0).toBe(s.queued);
    });
  }
});
