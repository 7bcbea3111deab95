import pLimit, { type LimitFunction } from 'p-limit';
import type { AppContext } from '../context.ts';
import type { Logger } from '../logger.ts';
import type { Article } from '../news/article.ts';
import type { StoryEntry } from '../news/stories/same-story.ts';
import { storyQueryOf, type SameStoryHow } from '../news/stories/story-window.ts';
import { FetchError, type FetchOptions } from '../news/http/fetch.ts';
import { hostOf } from '../news/feeds/normalize.ts';
import { FeedParseError } from '../news/feeds/parse-feed.ts';
import { readFeed, type FeedReadResult } from '../news/feeds/read-feed.ts';
import type { FeedRecord } from '../store/feeds.ts';
import { backoffMs } from './feed-policy.ts';
import { failureKindOf } from '../i18n/failure-reason.ts';
import type { Store } from '../store/index.ts';
import { LocalStoryGate, type StoryGate } from './story-gate.ts';

export interface PollSettings {
  fetch: Partial<FetchOptions>;
  concurrency: number;
  perHostConcurrency: number;
  lookbackMinutes: number;
  /** Hours of recent stories kept for same-story detection. */
  storyWindowHours: number;
}

/** The poller's settings as the configuration sets them (one place, for the single process and the workers). */
export function pollSettingsOf(ctx: Pick<AppContext, 'config' | 'fetch'>): PollSettings {
  return {
    fetch: ctx.fetch,
    concurrency: ctx.config.pollConcurrency,
    perHostConcurrency: ctx.config.pollPerHostConcurrency,
    lookbackMinutes: ctx.config.lookbackMinutes,
    storyWindowHours: ctx.config.storyWindowHours,
  };
}

export interface PollDeps {
  store: Store;
  log: Logger;
  now: () => Date;
  settings: PollSettings;
  /** Where same-story decisions are made; one process's in-memory index unless given. */
  gate?: StoryGate;
}

/** What reading one feed produced. Nothing is marked seen until `commit` runs. */
export interface FeedPollResult {
  outcome: FeedOutcome;
  newArticles: NewArticle[];
  duplicates: DuplicateArticle[];
  /**
   * Writes the seen marks and the feed's state. The caller queues its alerts first: until this runs, a restart
   * reads the same items again as unseen (and finds their stories already created), so whatever was queued in
   * between is queued again under the same ids instead of being skipped.
   */
  commit(): Promise<void>;
}

/** A story new to the bot, ready for matching. */
export interface NewArticle {
  article: Article;
  storyId: string;
  /** When the bot first found it in a feed (ISO): what backlog and follow rules go by, not the feed's date. */
  firstSeen: string;
}

/** An article that another source already reported: remembered, not alerted. */
export interface DuplicateArticle {
  article: Article;
  storyId: string;
  firstSeen: string;
  /** seen: the same item again; url, similar, event: another article of a known story (see StoryWindow). */
  how: 'seen' | SameStoryHow;
}

export interface FeedOutcome {
  url: string;
  status: 'new-feed' | 'ok' | 'not-modified' | 'failed' | 'skipped' | 'reset';
  newCount: number;
  error?: string;
}

export interface PollReport {
  startedAt: string;
  finishedAt: string;
  feeds: FeedOutcome[];
  newArticles: NewArticle[];
  duplicates: DuplicateArticle[];
  /** Every read feed's commit, in ingest order (see FeedPollResult.commit). */
  commit(): Promise<void>;
}

/**
 * A poll where this share of an established feed's items is suddenly unknown (by guid, URL and title alike)
 * is a feed rewrite, not news. A feed that was empty or tiny before can legitimately fill up at once.
 */
const RESET_SHARE = 0.8;
const RESET_MIN_ITEMS = 5;

/**
 * Reads every due feed once (however many servers follow it), with bounded concurrency overall and per host,
 * and turns what it finds into new stories: seen items, backlog and other sources' copies of a story are
 * recorded but not returned as new. Feed fetches run in parallel; the seen/dedupe step runs one feed at a
 * time so two feeds carrying the same story cannot both claim it.
 */
export class FeedPoller {
  private running: Promise<PollReport> | undefined;
  private readonly globalLimit: LimitFunction;
  private readonly hostLimits = new Map<string, LimitFunction>();
  readonly gate: StoryGate;

  constructor(private readonly deps: PollDeps) {
    this.globalLimit = pLimit(deps.settings.concurrency);
    this.gate = deps.gate ?? new LocalStoryGate({ store: deps.store, now: deps.now, windowHours: deps.settings.storyWindowHours });
  }

  /**
   * Reads the due feeds among `only` (all stored feeds when omitted) and commits what it read at once: for
   * callers that queue nothing in between (tests, benches). A call while a poll runs returns that poll.
   */
  poll(only?: string[], opts: { ignoreBackoff?: boolean } = {}): Promise<PollReport> {
    if (this.running) return this.running;
    this.running = this.readFeeds(only, opts)
      .then(async (report) => {
        await report.commit();
        return report;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  /**
   * Reads the due feeds among `only` (all stored feeds when omitted), fetching in parallel and ingesting one
   * feed at a time; the caller commits the report once it has queued the alerts.
   */
  async readFeeds(only?: string[], opts: { ignoreBackoff?: boolean } = {}): Promise<PollReport> {
    const startedAt = this.deps.now();
    const feeds = only ? (await Promise.all(only.map((url) => this.deps.store.feeds.get(url)))).filter((f): f is FeedRecord => !!f) : await this.deps.store.feeds.list();
    const report: Omit<PollReport, 'commit'> = { startedAt: startedAt.toISOString(), finishedAt: '', feeds: [], newArticles: [], duplicates: [] };
    const commits: (() => Promise<void>)[] = [];
    await Promise.all(
      feeds.map(async (feed) => {
        const result = await this.readFeed(feed, { ignoreBackoff: opts.ignoreBackoff, startedAt });
        report.feeds.push(result.outcome);
        report.newArticles.push(...result.newArticles);
        report.duplicates.push(...result.duplicates);
        commits.push(result.commit);
      }),
    );
    report.newArticles.sort((a, b) => a.article.published.localeCompare(b.article.published));
    report.finishedAt = this.deps.now().toISOString();
    return {
      ...report,
      // In ingest order: a later feed's marks may overwrite an earlier one's, as they would have inline.
      commit: async () => {
        for (const commit of commits.splice(0)) await commit();
      },
    };
  }

  /** Reads one feed (unless it is backing off) and ingests what it holds: the unit of work of a poll. */
  async readFeed(feed: FeedRecord, opts: { ignoreBackoff?: boolean; startedAt?: Date } = {}): Promise<FeedPollResult> {
    const startedAt = opts.startedAt ?? this.deps.now();
    const skipped: FeedPollResult = { outcome: { url: feed.url, status: 'skipped', newCount: 0 }, newArticles: [], duplicates: [], commit: async () => {} };
    if (!opts.ignoreBackoff && feed.nextAttemptAt && Date.parse(feed.nextAttemptAt) > startedAt.getTime()) return skipped;
    const read = await this.fetchLimited(feed);
    return this.gate.ingest(() => this.ingest(feed, read));
  }

  private fetchLimited(feed: FeedRecord): Promise<FeedReadResult | Error> {
    const host = hostOf(feed.url);
    let hostLimit = this.hostLimits.get(host);
    if (!hostLimit) {
      hostLimit = pLimit(this.deps.settings.perHostConcurrency);
      this.hostLimits.set(host, hostLimit);
    }
    // Host slot first, then a global slot: a request waiting for a busy host never holds a global slot.
    return hostLimit(() =>
      this.globalLimit(() =>
        readFeed(feed.url, {
          ...this.deps.settings.fetch,
          etag: feed.initialized ? feed.etag : undefined,
          lastModified: feed.initialized ? feed.lastModified : undefined,
          now: this.deps.now(),
        }).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err)))),
      ),
    );
  }

  /** Seen-set, backlog and same-story decisions for one feed's items; the seen marks wait for `commit`. */
  private async ingest(feed: FeedRecord, result: FeedReadResult | Error): Promise<FeedPollResult> {
    const { store, log } = this.deps;
    const now = this.deps.now();
    if (result instanceof Error) {
      const reason = describeFailure(result);
      const kind = result instanceof FetchError || result instanceof FeedParseError ? failureKindOf(result) : undefined;
      const updated = await store.feeds.update(feed.url, (f) => {
        const failures = f.failures + 1;
        return {
          ...f,
          failures,
          failingSince: f.failingSince ?? now.toISOString(),
          lastPolledAt: now.toISOString(),
          lastErrorAt: now.toISOString(),
          lastError: reason,
          lastErrorKind: kind,
          lastErrorStatus: result instanceof FetchError ? result.httpStatus : undefined,
          nextAttemptAt: new Date(now.getTime() + backoffMs(failures)).toISOString(),
        };
      });
      log.warn({ feed: feed.url, failures: updated?.failures, reason }, 'feed read failed');
      return { outcome: { url: feed.url, status: 'failed', newCount: 0, error: reason }, newArticles: [], duplicates: [], commit: async () => {} };
    }
    if (result.status === 'not-modified') {
      await store.feeds.update(feed.url, (f) => ({ ...succeeded(f, now) }));
      return { outcome: { url: feed.url, status: 'not-modified', newCount: 0 }, newArticles: [], duplicates: [], commit: async () => {} };
    }

    const report: Pick<FeedPollResult, 'newArticles' | 'duplicates'> = { newArticles: [], duplicates: [] };
    const fresh: Article[] = [];
    for (const article of result.articles) {
      const mark = await store.seen.find(article);
      if (mark) report.duplicates.push({ article, storyId: mark.storyId, how: 'seen', firstSeen: mark.at });
      else fresh.push(article);
    }

    let status: FeedOutcome['status'] = 'ok';
    let alertable: Article[] = fresh;
    if (!feed.initialized) {
      // Backlog: a new feed's current items are history, except what falls inside the configured look-back.
      status = 'new-feed';
      const cutoff = now.getTime() - this.deps.settings.lookbackMinutes * 60_000;
      alertable = this.deps.settings.lookbackMinutes > 0 ? fresh.filter((a) => Date.parse(a.published) >= cutoff) : [];
    } else if ((feed.itemCount ?? 0) >= RESET_MIN_ITEMS && result.articles.length >= RESET_MIN_ITEMS && fresh.length >= RESET_SHARE * result.articles.length) {
      status = 'reset';
      alertable = [];
      log.warn({ feed: feed.url, items: result.articles.length, unknown: fresh.length }, 'feed replaced nearly every item at once; treating them as already seen');
    }
    const alertableIds = new Set(alertable.map((a) => a.id));

    // Signatures are computed outside the gate: it is the CPU-heavy part, and needs nothing shared.
    const prepared = fresh.map((article) => ({ article, query: storyQueryOf(article, now.getTime()) }));
    const decisions = prepared.length === 0 ? [] : await this.gate.decide(async (stories) => {
      const out: { article: Article; sameAs?: { storyId: string; how: SameStoryHow } }[] = [];
      const recent: StoryEntry[] = [];
      for (const { article, query } of prepared) {
        // The same decision as the eval's: a later article joins and grows its story (the words most of its
        // articles share are the story's identity), a new one starts a story. Either entry is persisted, so
        // other processes and a restart replay the same window.
        const { storyId, how, entry } = stories.decide(article.id, query);
        if (how && storyId === article.id) {
          // Its own story, created by an earlier attempt at this feed that died before marking it seen.
          out.push({ article });
          continue;
        }
        recent.push(entry);
        if (how) {
          out.push({ article, sameAs: { storyId, how } });
          continue;
        }
        // Created before the decision is published, so a copy found by another process can be attached to it.
        await store.stories.create({
          storyId: article.id,
          title: article.title,
          url: article.url,
          source: article.source.name,
          feedUrl: article.source.feedUrl,
          published: article.published,
          lead: article.text.slice(0, 1500),
          categories: article.categories,
          firstSeen: now.toISOString(),
          firstSeenAs: alertableIds.has(article.id) ? 'new' : status === 'reset' ? 'reset' : 'backlog',
          alsoReportedBy: [],
        });
        out.push({ article });
      }
      if (recent.length) await store.stories.addRecent(recent);
      return out;
    });

    let newCount = 0;
    for (const decision of decisions) {
      const { article, sameAs } = decision;
      if (sameAs) {
        // A story found, once its page was read, to copy an earlier one: its later articles belong to that one
        // (its alert is the one to edit, its thread the one to add to).
        sameAs.storyId = (await store.stories.current(sameAs.storyId))?.storyId ?? sameAs.storyId;
        report.duplicates.push({ article, storyId: sameAs.storyId, how: sameAs.how, firstSeen: now.toISOString() });
      }
      else if (alertableIds.has(article.id)) {
        report.newArticles.push({ article, storyId: article.id, firstSeen: now.toISOString() });
        newCount++;
      }
    }
    const commit = async () => {
      for (const { article, sameAs } of decisions) {
        if (sameAs) {
          await store.stories.addReport(sameAs.storyId, { source: article.source.name, url: article.url, title: article.title, at: now.toISOString(), lead: article.text.slice(0, 600) });
          await store.seen.mark(article, sameAs.storyId, now);
        } else {
          await store.seen.mark(article, article.id, now);
        }
      }
      await store.feeds.update(feed.url, (f) => ({
        ...succeeded(f, now),
        initialized: true,
        title: f.title ?? result.title,
        etag: result.etag,
        lastModified: result.lastModified,
        itemCount: result.articles.length,
        // "malformed, N items recovered" after a tolerant read; a sound read clears it.
        health: result.health,
      }));
    };
    log.debug({ feed: feed.url, items: result.articles.length, fresh: fresh.length, new: newCount, status }, 'feed read');
    return { outcome: { url: feed.url, status, newCount }, ...report, commit };
  }
}

function succeeded(f: FeedRecord, now: Date): FeedRecord {
  return {
    ...f,
    failures: 0,
    failingSince: undefined,
    nextAttemptAt: undefined,
    lastPolledAt: now.toISOString(),
    lastSuccessAt: now.toISOString(),
  };
}

/** The sentence an admin sees for a failing feed. */
export function describeFailure(err: Error): string {
  if (err instanceof FetchError || err instanceof FeedParseError) return err.message;
  return `Unexpected error while reading the feed: ${err.message}`;
}
