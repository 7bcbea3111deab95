import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadEnvFile } from './env-file.ts';
import { createApp, type AppBase } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { silentLogger } from './logger.ts';
import type { Article, ArticleInsight } from './news/article.ts';
import { decodeBody } from './news/http/charset.ts';
import { EnrichError, summarizeUrl, understandPage } from './news/enrich.ts';
import { FetchError } from './news/http/fetch.ts';
import { OpmlError, parseOpml } from './news/feeds/opml.ts';
import { FeedParseError } from './news/feeds/parse-feed.ts';
import { readFeed, readFeedText } from './news/feeds/read-feed.ts';
import { assignStories, bodySketch, bodyTellsOf } from './news/stories/story-window.ts';
import { isJapanese } from './news/understand/similarity.ts';
import { QueryError } from './topics/query.ts';
import { matchTopics, type TopicMatch } from './topics/match.ts';

const USAGE = `newsbot: news feeds to topic alerts, summaries and quotes

Usage:
  newsbot preview --feed <url|file> [--feed …] [--opml <file.opml>] [--topic <topic or query>] [--pages] [--json]
      Every article of the feeds (several --feed, and every feed an OPML subscription list names) with the
      topics it matches (score and matched terms), and the story it belongs to under the bot's same-story
      rules, all feeds' items taken in published order: a later outlet's copy or rewrite of a story shows
      which story it joins. --pages also reads each article's page, as the bot does before deciding (a
      syndicated copy under a new headline is found by its text). Without --topic: the whole built-in
      catalog. A feed that cannot be read is reported and the others still shown.
  newsbot summarize <url|file.html> [more…] [--sentences N] [--json]
      Title, source, date, summary, key quotes with speakers, and matching topics of an article.
      With several inputs or --json: one JSON line per input, in order, each with "input"; an input
      that fails gives {"input", "error"} and the others go on (exit status 1 if any failed).

Private and loopback addresses are read only with ALLOW_PRIVATE_URLS=true.`;

/** A failure the user caused or can fix: printed as one line, no stack trace. */
class CliError extends Error {}

async function main(argv: string[]): Promise<number> {
  loadEnvFile();
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 1;
  }
  if (command !== 'preview' && command !== 'summarize') throw new CliError(`unknown command "${command}" (try: newsbot help)`);
  const app = await createApp(loadConfig(), 'cli', { log: silentLogger() });
  try {
    return command === 'preview' ? await preview(rest, app) : await summarizeCommand(rest, app);
  } finally {
    await app.close();
  }
}

function isUrl(s: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(s) && !/^[a-z]:[\\/]/i.test(s);
}

async function preview(args: string[], app: AppBase): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { feed: { type: 'string', multiple: true }, opml: { type: 'string' }, topic: { type: 'string' }, json: { type: 'boolean' }, pages: { type: 'boolean' } },
  });
  if (!values.feed?.length && !values.opml) throw new CliError('preview needs --feed <url|file> (one or more) or --opml <file.opml>');
  const topics = values.topic ? [values.topic] : undefined;
  const json = values.json ?? false;
  const targets: { url: string; title?: string }[] = (values.feed ?? []).map((url) => ({ url }));
  if (values.opml) {
    const list = await readFile(values.opml).catch(() => {
      throw new CliError(`cannot read the file ${values.opml}`);
    });
    const listed = parseOpml(decodeBody(list).text);
    if (listed.length === 0) throw new CliError(`${values.opml} lists no feeds (no <outline> with an xmlUrl)`);
    targets.push(...listed);
  }
  const read: { target: string; feed: PreviewFeed }[] = [];
  let failed = 0;
  for (const entry of targets) {
    try {
      read.push({ target: entry.url, feed: await readPreviewFeed(entry.url, app) });
    } catch (err) {
      if (!(err instanceof FetchError || err instanceof FeedParseError || err instanceof CliError)) throw err;
      // One feed given: its failure is the run's. Several: the others are still previewed.
      if (targets.length === 1) throw err;
      failed++;
      if (json) process.stdout.write(`${JSON.stringify({ feed: entry.url, error: err.message })}\n`);
      else process.stdout.write(`${entry.title ?? entry.url}: cannot be read: ${err.message}\n  ${entry.url}\n\n`);
    }
  }
  // Every item of every feed through the bot's same-story rules, in published order.
  const all = read.flatMap(({ target, feed }) => feed.articles.map((article) => ({ target, article })));
  const ordered = [...all].sort((a, b) => a.article.published.localeCompare(b.article.published));
  const sketches = values.pages ? await readBodies(ordered.map((o) => o.article), app) : undefined;
  const assigned = assignStories(
    ordered.map((o) => o.article),
    { windowMs: app.config.storyWindowHours * 3_600_000, sketches },
  );
  const storyOf = new Map(ordered.map((o, i) => [o.article, assigned[i]!]));
  const titleOf = new Map(ordered.map((o) => [o.article.id, o.article.title]));
  for (const { target, feed } of read) {
    if (!json) process.stdout.write(`${feed.title ?? target}: ${feed.articles.length} article(s)${feed.health ? ` (${feed.health})` : ''}\n\n`);
    for (const article of feed.articles) {
      const matches = matchTopics({ title: article.title, text: article.text, categories: article.categories }, topics);
      const story = storyOf.get(article)!;
      if (json) {
        process.stdout.write(
          `${JSON.stringify({ id: article.id, url: article.url, title: article.title, published: article.published, source: article.source.name, feed: target, outlet: article.source.name, story: story.story, topics: matches.map(topicJson) })}\n`,
        );
        continue;
      }
      process.stdout.write(`${article.published.slice(0, 16).replace('T', ' ')}  ${article.title}\n  ${article.url}\n`);
      if (story.story !== article.id) process.stdout.write(`  ↳ same story as “${titleOf.get(story.story) ?? story.story}” (${story.how === 'body' ? 'same article text' : story.how === 'event' ? 'same event' : 'near-copy'}): no alert of its own\n`);
      process.stdout.write(matches.length ? `  → ${matches.map((m) => `${m.key} (${m.score.toFixed(1)}: ${m.terms.join(', ')})`).join('; ')}\n\n` : '  → no topic\n\n');
    }
  }
  if (!json && targets.length > 1) {
    const stories = new Set(assigned.map((a) => a.story)).size;
    process.stdout.write(`${read.length} of ${targets.length} feed(s) read; ${all.length} article(s) in ${stories} stories.\n`);
  }
  return failed && failed === targets.length ? 1 : 0;
}

/** Reads each article's page, as the bot does before deciding, and keeps the sketch of a body that is the article's. */
async function readBodies(articles: Article[], app: AppBase): Promise<Map<string, Uint32Array>> {
  const sketches = new Map<string, Uint32Array>();
  for (const article of articles) {
    if (!isUrl(article.url)) continue;
    try {
      const insight = await summarizeUrl(article.url, { fetch: app.fetch, sentences: app.config.summarySentences });
      if (insight.basis === 'page' && bodyTellsOf(article.title, insight.text)) sketches.set(article.id, bodySketch(insight.text));
    } catch (err) {
      if (!(err instanceof EnrichError)) throw err;
    }
  }
  return sketches;
}

interface PreviewFeed {
  title?: string;
  articles: Article[];
  health?: string;
}

async function readPreviewFeed(target: string, app: AppBase): Promise<PreviewFeed> {
  const now = new Date();
  if (isUrl(target)) {
    const res = await readFeed(target, { ...app.fetch, now });
    if (res.status !== 'ok') throw new CliError('the server answered 304 Not Modified without a feed');
    return res;
  }
  const bytes = await readFile(target).catch(() => {
    throw new CliError(`cannot read the file ${target}`);
  });
  return readFeedText(decodeBody(bytes).text, `file://${target}`, now);
}

function topicJson(m: TopicMatch) {
  return { id: m.key, score: Math.round(m.score * 100) / 100, terms: m.terms };
}

async function summarizeCommand(args: string[], app: AppBase): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { sentences: { type: 'string' }, json: { type: 'boolean' } },
  });
  if (positionals.length === 0) throw new CliError('summarize needs a link or a saved page: newsbot summarize <url|file.html> [more…]');
  const sentences = values.sentences ? Number(values.sentences) : app.config.summarySentences;
  if (!Number.isInteger(sentences) || sentences < 1 || sentences > 6) throw new CliError('--sentences must be a whole number from 1 to 6');
  if (positionals.length === 1 && !values.json) {
    process.stdout.write(`${summaryText(await summarizeInput(positionals[0]!, app, sentences))}\n`);
    return 0;
  }
  // Several inputs (or --json): one JSON line each, in the order given; a failure is reported on its line and the run goes on.
  let failed = 0;
  for (const input of positionals) {
    try {
      process.stdout.write(`${JSON.stringify({ input, ...summaryJson(await summarizeInput(input, app, sentences)) })}\n`);
    } catch (err) {
      failed++;
      process.stdout.write(`${JSON.stringify({ input, error: describe(err).replace(/\n+/g, ' ') })}\n`);
    }
  }
  return failed > 0 ? 1 : 0;
}

type Summarized = { insight: ArticleInsight & { url?: string }; topics: TopicMatch[] };

async function summarizeInput(target: string, app: AppBase, sentences: number): Promise<Summarized> {
  let insight: ArticleInsight & { url?: string };
  if (isUrl(target)) {
    insight = await summarizeUrl(target, { fetch: app.fetch, sentences });
  } else {
    const bytes = await readFile(target).catch(() => {
      throw new CliError(`cannot read the file ${target}`);
    });
    insight = understandPage(decodeBody(bytes).text, undefined, sentences);
  }
  return { insight, topics: matchTopics({ title: insight.title, text: insight.text }) };
}

function summaryJson({ insight, topics }: Summarized) {
  return {
    url: insight.url ?? null,
    title: insight.title,
    source: insight.siteName ?? null,
    byline: insight.byline ?? null,
    published: insight.published ?? null,
    lang: insight.lang ?? null,
    summary: insight.summary,
    basis: insight.basis,
    quotes: insight.quotes.map((q) => ({ text: q.text, speaker: q.speaker })),
    topics: topics.map(topicJson),
    text: insight.text,
  };
}

function summaryText({ insight, topics }: Summarized): string {
  const lines = [
    insight.title,
    [insight.siteName, insight.byline, insight.published?.slice(0, 10)].filter(Boolean).join(' · '),
    '',
    ...insight.summary.map((s) => `  ${s}`),
  ];
  if (insight.basis !== 'page') lines.push('', `(${insight.fallbackReason ?? 'The full page was not available.'} Summary of the free opening only.)`);
  if (insight.quotes.length) {
    lines.push('', 'Key quotes:');
    // A quote as its article's language writes it: 「…」 in Japanese.
    const japanese = isJapanese(insight.title + insight.summary.join(''), insight.lang);
    for (const q of insight.quotes) lines.push(japanese ? `  「${q.text}」— ${q.speaker ?? 'unattributed'}` : `  “${q.text}” — ${q.speaker ?? 'unattributed'}`);
  }
  lines.push('', `Topics: ${topics.length ? topics.map((t) => `${t.key} (${t.terms.join(', ')})`).join('; ') : 'none of the built-in topics'}`);
  return lines.join('\n');
}

function describe(err: unknown): string {
  if (err instanceof CliError || err instanceof ConfigError || err instanceof FetchError || err instanceof FeedParseError || err instanceof OpmlError || err instanceof EnrichError || err instanceof QueryError) {
    return err.message;
  }
  if (err instanceof Error && /^Unknown option|^Option .* argument/.test(err.message)) return err.message;
  return `unexpected error: ${err instanceof Error ? err.message : String(err)}`;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`newsbot: ${describe(err).replace(/\n+/g, ' ')}\n`);
    process.exitCode = 1;
  },
);
