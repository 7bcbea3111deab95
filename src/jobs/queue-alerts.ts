import { createHash } from 'node:crypto';
import pLimit from 'p-limit';
import type { AppContext } from '../context.ts';
import { mentionBody, renderAlert, renderList } from '../discord/render.ts';
import { messagesFor } from '../i18n/messages.ts';
import { alertButtons, buttonKey, listButtons } from '../discord/render-buttons.ts';
import { storyCoverage, withCoverage } from '../discord/render-coverage.ts';
import type { Article, ArticleInsight } from '../news/article.ts';
import { enrichArticle } from '../news/enrich.ts';
import { bodySketch } from '../news/stories/body-match.ts';
import { bodyTellsOf } from '../news/stories/story-window.ts';
import { topicName } from '../i18n/topic-names.ts';
import { buildIndex, type Audience } from './audience.ts';
import { dmDigestKey, dmUserOf } from '../store/direct-messages.ts';
import { DmTargets } from './dm-targets.ts';
import { planAlerts, routeCandidates, type Candidate, type PlanRules, type Route } from './plan-alerts.ts';

/** A Discord nonce (≤ 25 chars) that is the same for the same message, so a resend after a crash is dropped. */
export function nonceOf(id: string): string {
  return createHash('sha256').update(id).digest('base64url').slice(0, 25);
}

export function planRulesOf(config: AppContext['config']): PlanRules {
  return { maxAgeMs: config.maxArticleAgeHours * 3_600_000, maxAlertsPerPoll: config.maxAlertsPerPoll };
}

export interface QueueReport {
  queued: number;
  digested: number;
  /** Outbox ids written, for a runner that hands each to a delivery job. */
  ids: string[];
  /** Articles that joined an earlier story here: copies found by their body once their page was read. */
  gained: GainedArticle[];
}

/** A later article of a known story: what its alerts' coverage shows. */
export interface GainedArticle {
  storyId: string;
  article: Article;
}

/** Where body-level same-story decisions are made (the poll's story gate). */
export interface BodyGate {
  matchBody(storyId: string, outlet: string, sketch: Uint32Array, at: number): Promise<string | undefined>;
}

/** Pages read at once while checking bodies: the page pool does the work, this only keeps fetches flowing. */
const ENRICH_CONCURRENCY = 4;

/**
 * Candidates → the planner → the durable outbox (and digests). Each story is enriched once (page → summary and
 * quotes, in the app's page pool) however many channels get it, and queued at most once per channel.
 */
export async function queueAlerts(ctx: AppContext, candidates: Candidate[], audience: Audience, bodies?: BodyGate): Promise<QueueReport> {
  const report: QueueReport = { queued: 0, digested: 0, ids: [], gained: [] };
  if (candidates.length === 0 || audience.subscriptions.length === 0) return report;
  const { store } = ctx;
  const rules = planRulesOf(ctx.config);
  const index = buildIndex(audience, ctx.log);
  let { routes, skipped } = routeCandidates(candidates, index, audience, rules);
  const insights = new Map<string, ArticleInsight>();
  if (bodies) {
    // A syndicated copy under a new headline is only recognisable by its body: every story about to reach a
    // channel (as an alert, in a list or in a digest) is read first, and a copy joins the story it copies.
    const copies = await findCopies(ctx, routes, bodies, insights);
    if (copies.size) {
      const copied = [...copies.keys()];
      routes = routes.filter((r) => !copies.has(r.candidate.storyId));
      const rerouted = routeCandidates(
        candidates.filter((c) => copies.has(c.storyId)).map((c) => ({ ...c, storyId: copies.get(c.storyId)! })),
        index,
        audience,
        rules,
      );
      const known = new Set(routes.map((r) => `${r.channelId}|${r.candidate.storyId}`));
      routes.push(...rerouted.routes.filter((r) => !known.has(`${r.channelId}|${r.candidate.storyId}`)));
      skipped = [...skipped.filter((s) => !copies.has(s.storyId)), ...rerouted.skipped];
      for (const storyId of copied) {
        const candidate = candidates.find((c) => c.storyId === storyId)!;
        const into = copies.get(storyId)!;
        const a = candidate.article;
        await store.stories.addReport(into, { source: a.source.name, url: a.url, title: a.title, at: candidate.firstSeen, lead: a.text.slice(0, 600) });
        await store.stories.markMerged(storyId, into);
        report.gained.push({ storyId: into, article: a });
      }
      ctx.log.info({ copies: copied.length }, 'syndicated copies joined the stories they copy');
    }
  }
  // Members' DM targets: a paused member gets nothing planned; deliveries are recorded under their DM channel.
  const dms = new DmTargets(ctx);
  routes = await dms.load(routes);
  const posted = new Set<string>();
  for (const route of routes) {
    const recorded = dms.recorded(route.channelId);
    if (recorded && (await store.deliveries.get(recorded, route.candidate.storyId))) posted.add(`${route.channelId}|${route.candidate.storyId}`);
  }
  const plan = planAlerts(routes, (channelId, storyId) => posted.has(`${channelId}|${storyId}`), audience, rules);
  const skips = [...skipped, ...plan.skipped];
  if (skips.length) ctx.log.debug({ skipped: skips.length, reasons: countBy(skips.map((s) => s.reason)) }, 'matched stories not planned for a channel');

  for (const { route } of plan.digests) {
    const a = route.candidate.article;
    const digestKey = route.modeChannelId ? dmDigestKey(route.channelId, route.modeChannelId) : route.channelId;
    await store.digests.add(route.guildId, digestKey, { storyId: route.candidate.storyId, title: a.title, url: a.url, source: a.source.name, published: a.published, topic: labelOf(route, ', ', dms.localeOf(route.channelId, audience.guilds.get(route.guildId)?.locale)), topics: [...route.topics.keys()] }, ctx.now());
    report.digested++;
  }

  // Delivery order is the order planned here (each channel's alerts by publication, its list last), not
  // wall-clock time: two puts in one millisecond, or a clock step, must not reorder a channel's alerts.
  const planned = ctx.now().toISOString();
  let sequence = 0;
  const nextOrder = () => `${planned}|${String(sequence++).padStart(8, '0')}`;
  for (const route of plan.alerts) {
    const { candidate } = route;
    const channelId = await dms.resolve(route.channelId);
    if (!channelId) continue;
    const insight = await insightFor(ctx, candidate, insights);
    const story = await store.stories.get(candidate.storyId);
    const locale = dms.localeOf(route.channelId, audience.guilds.get(route.guildId)?.locale);
    const rendered = renderAlert(
      {
        article: candidate.article,
        insight,
        topicLabel: labelOf(route, ' · ', locale),
        terms: [...new Set([...route.topics.values()].flat())],
        server: dmUserOf(route.channelId) ? audience.guilds.get(route.guildId)?.name : undefined,
      },
      locale,
    );
    // A story may already have several outlets when a channel first gets it (a server reading only a later one).
    const embed = withCoverage(rendered as unknown as Record<string, unknown>, story ? storyCoverage(story) : [], candidate.article.source.name, locale);
    const id = `${route.channelId}|${candidate.storyId}`;
    const topics = [...route.topics.keys()];
    const key = await rememberButtons(ctx, route.guildId, channelId, candidate.storyId, topics);
    await store.outbox.put({
      id,
      guildId: route.guildId,
      channelId,
      storyIds: [candidate.storyId],
      kind: 'alert',
      body: { ...mentionBody([...route.users], [...route.roles]), embeds: [embed], components: alertButtons(key, topics.map((t) => topicName(t, locale)), locale) },
      nonce: nonceOf(id),
      createdAt: ctx.now().toISOString(),
      order: nextOrder(),
      attempts: 0,
      topics,
    });
    report.ids.push(id);
    report.queued++;
  }
  for (const { guildId, channelId: target, routes: overflow } of plan.lists) {
    const channelId = await dms.resolve(target);
    if (!channelId) continue;
    const locale = dms.localeOf(target, audience.guilds.get(guildId)?.locale);
    const topics = [...new Set(overflow.flatMap((r) => [...r.topics.keys()].map((t) => topicName(t, locale))))];
    const key = `${target}|more|${overflow.map((r) => r.candidate.storyId).join('|')}`;
    const id = `${target}|more|${nonceOf(key)}`;
    const words = messagesFor(locale);
    const embed = renderList(
      words.alerts.moreOn(topics.join(words.common.listJoin), overflow.length),
      overflow.map((r) => ({ title: r.candidate.article.title, url: r.candidate.article.url, source: r.candidate.article.source.name })),
      words.alerts.busyCycle(ctx.config.maxAlertsPerPoll, overflow.length),
      locale,
    );
    const buttons: { key: string; title: string }[] = [];
    for (const r of overflow) buttons.push({ key: await rememberButtons(ctx, guildId, channelId, r.candidate.storyId, [...r.topics.keys()]), title: r.candidate.article.title });
    await store.outbox.put({
      id,
      guildId,
      channelId,
      storyIds: overflow.map((r) => r.candidate.storyId),
      kind: 'overflow',
      body: { ...mentionBody([], []), embeds: [embed], components: listButtons(buttons) },
      nonce: nonceOf(key),
      createdAt: ctx.now().toISOString(),
      order: nextOrder(),
      attempts: 0,
      topics: [...new Set(overflow.flatMap((r) => [...r.topics.keys()]))],
    });
    report.ids.push(id);
    report.queued++;
  }
  return report;
}

/** What an alert's or a list's buttons stand for, kept in the store under a short key (see render-buttons.ts). */
export async function rememberButtons(ctx: AppContext, guildId: string, channelId: string, storyId: string, topics: string[]): Promise<string> {
  const key = buttonKey(channelId, storyId);
  await ctx.store.buttons.set(key, { storyId, guildId, channelId, topics });
  return key;
}

function labelOf(route: Route, separator: string, locale: string | undefined): string {
  return [...route.topics.keys()].map((t) => topicName(t, locale)).join(separator);
}

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

/**
 * Reads the page of every story's first article among `routes` and asks the gate whether its body copies an
 * earlier story; returns copy → the story it copies. Bodies are decided in the candidates' order (published
 * order), so of two copies in one poll the earlier is the original.
 */
async function findCopies(ctx: AppContext, routes: Route[], bodies: BodyGate, insights: Map<string, ArticleInsight>): Promise<Map<string, string>> {
  const firsts = [...new Map(routes.filter((r) => r.candidate.storyId === r.candidate.article.id).map((r) => [r.candidate.storyId, r.candidate])).values()];
  const limit = pLimit(ENRICH_CONCURRENCY);
  const read = await Promise.all(firsts.map((candidate) => limit(async () => ({ candidate, insight: await insightFor(ctx, candidate, insights) }))));
  const copies = new Map<string, string>();
  for (const { candidate, insight } of read) {
    // Only a page's own text tells: a feed's teaser is not a body, and a cached insight was matched when first read.
    if (insight.basis === 'feed' || !insight.text || !bodyTellsOf(candidate.article.title, insight.text)) continue;
    const original = await bodies.matchBody(candidate.storyId, candidate.article.source.name, bodySketch(insight.text), Date.parse(candidate.firstSeen));
    if (original) copies.set(candidate.storyId, original);
  }
  return copies;
}

async function insightFor(ctx: AppContext, candidate: Candidate, cache: Map<string, ArticleInsight>): Promise<ArticleInsight> {
  const hit = cache.get(candidate.storyId) ?? (await ctx.store.insights.get(candidate.storyId));
  if (hit) return hit;
  const insight = await enrichArticle(candidate.article, { fetch: ctx.fetch, sentences: ctx.config.summarySentences, pages: ctx.pages });
  cache.set(candidate.storyId, insight);
  await ctx.store.insights.set(candidate.storyId, insight);
  return insight;
}
