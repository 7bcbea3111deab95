import { AttachmentBuilder, InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import pLimit from 'p-limit';
import { clip, safeText } from '../discord/render.ts';
import { starterFeedsFor } from '../jobs/feed-set.ts';
import { hostOf } from '../news/feeds/normalize.ts';
import { primaryLanguage } from '../news/language.ts';
import { loadCatalog } from '../topics/catalog.ts';
import { takePendingNotices } from '../jobs/notify-admins.ts';
import { canonicalUrl } from '../news/feeds/canonical-url.ts';
import { discoverFeed } from '../news/feeds/discover-feed.ts';
import { OpmlError, parseOpml, writeOpml, type OpmlFeed } from '../news/feeds/opml.ts';
import { decodeBody } from '../news/http/charset.ts';
import { fetchUrl, FetchError } from '../news/http/fetch.ts';
import { FeedParseError } from '../news/feeds/parse-feed.ts';
import { feedHealth } from '../jobs/feed-policy.ts';
import { UserError, type Command, type CommandContext } from './command.ts';
import { requireGuild, requireManageServer } from './guards.ts';
import { localeOf, messagesFor, type Messages } from '../i18n/messages.ts';
import { failureReason, storedFailureReason } from '../i18n/failure-reason.ts';

type Words = Messages['feeds'];

const MAX_FEEDS_PER_SERVER = 100;
/** An OPML list of a hundred feeds is a few tens of kB; anything near this is not a subscription list. */
const MAX_OPML_BYTES = 1024 * 1024;
/** Feeds checked at once during an import: enough to finish a long list in seconds, few enough to be polite. */
const IMPORT_CONCURRENCY = 4;

export const feeds: Command = {
  adminOnly: true,
  data: new SlashCommandBuilder()
    .setName('feeds')
    .setDescription('The news sources this server reads (Manage Server)')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((s) =>
      s
        .setName('add')
        .setDescription('Read a feed (RSS/Atom) or a site that links to one')
        .addStringOption((o) => o.setName('url').setDescription('Feed or site address').setRequired(true).setMaxLength(2000)),
    )
    .addSubcommand((s) =>
      s
        .setName('remove')
        .setDescription('Stop reading a feed')
        .addStringOption((o) => o.setName('url').setDescription('Feed address').setRequired(true).setAutocomplete(true).setMaxLength(2000)),
    )
    .addSubcommand((s) => s.setName('list').setDescription('Feeds this server reads, with their health'))
    .addSubcommand((s) =>
      s
        .setName('import')
        .setDescription('Add the feeds of an OPML file (the list every feed reader exports)')
        .addAttachmentOption((o) => o.setName('file').setDescription('An .opml file').setRequired(true)),
    )
    .addSubcommand((s) => s.setName('export').setDescription('Download this server\'s feeds as an OPML file for a feed reader'))
    .addSubcommand((s) =>
      s
        .setName('starter')
        .setDescription('Turn the built-in starter feeds for followed topics on or off')
        .addBooleanOption((o) => o.setName('enabled').setDescription('Read the starter feeds (leave empty to see what each topic brings)')),
    ),
  async autocomplete(interaction, ctx) {
    const typed = String(interaction.options.getFocused() ?? '').toLowerCase();
    const settings = interaction.guildId ? await ctx.store.guilds.get(interaction.guildId) : undefined;
    const choices = (settings?.feeds ?? []).filter((f) => f.url.toLowerCase().includes(typed)).slice(0, 25);
    await interaction.respond(choices.map((f) => ({ name: f.url.slice(0, 100), value: f.url.slice(0, 100) })));
  },
  async execute(interaction, ctx) {
    requireManageServer(interaction);
    const guildId = requireGuild(interaction);
    const sub = interaction.options.getSubcommand();
    if (sub === 'add') return add(interaction, ctx, guildId);
    if (sub === 'import') return importOpml(interaction, ctx, guildId);
    if (sub === 'export') return exportOpml(interaction, ctx, guildId);
    const m = messagesFor(interaction.locale).feeds;
    let answer: string;
    if (sub === 'remove') answer = await remove(interaction, ctx, guildId, m);
    else if (sub === 'starter') answer = await starter(interaction, ctx, guildId, m);
    else answer = await list(ctx, guildId, m, interaction.locale);
    const notices = await takePendingNotices(ctx, guildId);
    const extra = notices.length ? `\n\n${m.whileAway}\n${notices.join('\n')}` : '';
    await interaction.reply({ content: `${answer}${extra}`.slice(0, 2000), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
  },
};

async function add(interaction: ChatInputCommandInteraction, ctx: CommandContext, guildId: string): Promise<void> {
  const raw = interaction.options.getString('url', true).trim();
  const m = messagesFor(interaction.locale).feeds;
  const settings = await ctx.store.guilds.get(guildId);
  if (settings.feeds.length >= MAX_FEEDS_PER_SERVER) throw new UserError((w) => w.feeds.tooMany(MAX_FEEDS_PER_SERVER));
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  let found;
  try {
    found = await discoverFeed(raw, { ...ctx.fetch, now: ctx.now() });
  } catch (err) {
    if (err instanceof FetchError || err instanceof FeedParseError) {
      await interaction.editReply({ content: m.addFailed(failureReason(err, interaction.locale, raw)) });
      return;
    }
    throw err;
  }
  const { feedUrl, feed } = found;
  const already = settings.feeds.some((f) => canonicalUrl(f.url) === canonicalUrl(feedUrl));
  if (!already) {
    await ctx.store.guilds.update(guildId, (g) => {
      g.feeds.push({ url: feedUrl, addedAt: ctx.now().toISOString(), addedBy: interaction.user.id });
    });
  }
  await ctx.store.feeds.ensure(feedUrl, ctx.now(), feed.title);
  const latest = feed.articles
    .slice()
    .sort((a, b) => b.published.localeCompare(a.published))
    .slice(0, 3)
    .map((a) => `• ${clip(safeText(a.title), 120)}`);
  const heading = already ? m.alreadyReads(safeText(feed.title ?? feedUrl)) : m.added(safeText(feed.title ?? feedUrl), feedUrl);
  // A broken feed whose complete items could be read is added, and the admin learns why some may be missing.
  const health = feed.health ? `\n${m.health(safeText(feed.health))}` : '';
  await interaction.editReply({
    content: clip(`${heading}${health}\n${m.latestItems}\n${latest.join('\n') || m.emptyFeed}\n${m.fromNowOn}`, 2000),
    allowedMentions: { parse: [] },
  });
}

type ImportOutcome = { feed: OpmlFeed } & ({ status: 'added'; title?: string } | { status: 'already' } | { status: 'failed'; reason: string });

/**
 * Adds each feed of an attached OPML file after reading it once (so a dead or non-feed URL is reported, not
 * stored), and answers with what was added, what the server already read, and what failed and why.
 */
async function importOpml(interaction: ChatInputCommandInteraction, ctx: CommandContext, guildId: string): Promise<void> {
  const file = interaction.options.getAttachment('file', true);
  const m = messagesFor(interaction.locale).feeds;
  if (file.size > MAX_OPML_BYTES) throw new UserError((w) => w.feeds.opmlTooBig(Math.round(file.size / 1024)));
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  let listed: OpmlFeed[];
  try {
    const res = await fetchUrl(file.url, { ...ctx.fetch, maxBytes: MAX_OPML_BYTES });
    if (res.status !== 'ok') throw new OpmlError(m.opmlDownload);
    listed = parseOpml(decodeBody(res.body, res.contentType).text);
  } catch (err) {
    if (err instanceof OpmlError || err instanceof FetchError) {
      // The list's own faults are worded where they are found (line and element); a download's in the member's language.
      await interaction.editReply({ content: m.opmlUnreadable(err instanceof FetchError ? failureReason(err, interaction.locale) : err.message), allowedMentions: { parse: [] } });
      return;
    }
    throw err;
  }
  if (listed.length === 0) {
    await interaction.editReply({ content: m.opmlEmpty, allowedMentions: { parse: [] } });
    return;
  }
  const settings = await ctx.store.guilds.get(guildId);
  const known = new Set(settings.feeds.map((f) => canonicalUrl(f.url)));
  let room = MAX_FEEDS_PER_SERVER - settings.feeds.length;
  const limit = pLimit(IMPORT_CONCURRENCY);
  const outcomes = await Promise.all(
    listed.map((feed) =>
      limit(async (): Promise<ImportOutcome> => {
        if (known.has(canonicalUrl(feed.url))) return { feed, status: 'already' };
        try {
          const found = await discoverFeed(feed.url, { ...ctx.fetch, now: ctx.now() });
          if (known.has(canonicalUrl(found.feedUrl))) return { feed, status: 'already' };
          // Claimed before the store write: two list entries for one feed, or a full server, are settled here.
          if (room <= 0) return { feed, status: 'failed', reason: m.serverFull(MAX_FEEDS_PER_SERVER) };
          room--;
          known.add(canonicalUrl(found.feedUrl));
          await ctx.store.guilds.update(guildId, (g) => {
            g.feeds.push({ url: found.feedUrl, addedAt: ctx.now().toISOString(), addedBy: interaction.user.id });
          });
          await ctx.store.feeds.ensure(found.feedUrl, ctx.now(), found.feed.title);
          return { feed: { ...feed, url: found.feedUrl }, status: 'added', title: found.feed.title };
        } catch (err) {
          if (err instanceof FetchError || err instanceof FeedParseError) return { feed, status: 'failed', reason: failureReason(err, interaction.locale, feed.url) };
          throw err;
        }
      }),
    ),
  );
  await interaction.editReply({ content: describeImport(outcomes, m), allowedMentions: { parse: [] } });
}

function describeImport(outcomes: ImportOutcome[], m: Words): string {
  const name = (o: ImportOutcome) => safeText(o.status === 'added' && o.title ? o.title : (o.feed.title ?? o.feed.url));
  const added = outcomes.filter((o) => o.status === 'added');
  const already = outcomes.filter((o) => o.status === 'already');
  const failed = outcomes.filter((o): o is Extract<ImportOutcome, { status: 'failed' }> => o.status === 'failed');
  const lines = [m.imported(outcomes.length)];
  if (added.length) lines.push(m.importedAdded(added.length), ...added.map((o) => `• ${name(o)} (${o.feed.url})`));
  if (already.length) lines.push(m.importedAlready(already.length), ...already.map((o) => `• ${name(o)}`));
  if (failed.length) lines.push(m.importedFailed(failed.length), ...failed.map((o) => `• ${o.feed.url}: ${safeText(o.reason)}`));
  if (added.length) lines.push(m.fromNowOn);
  return clipLines(lines, 2000, m);
}

/** Whole lines up to the limit, then how many were left out: a cut in the middle of a URL would mislead. */
function clipLines(lines: string[], max: number, m: Words): string {
  let out = '';
  for (let i = 0; i < lines.length; i++) {
    const more = `\n${m.moreLines(lines.length - i)}`;
    const next = out ? `${out}\n${lines[i]}` : lines[i]!;
    if (next.length + (i < lines.length - 1 ? more.length : 0) > max) return `${out}${more}`;
    out = next;
  }
  return out;
}

async function exportOpml(interaction: ChatInputCommandInteraction, ctx: CommandContext, guildId: string): Promise<void> {
  const settings = await ctx.store.guilds.get(guildId);
  const m = messagesFor(interaction.locale).feeds;
  if (settings.feeds.length === 0) throw new UserError((w) => w.feeds.nothingToExport);
  const feeds = await Promise.all(settings.feeds.map(async (f) => ({ url: f.url, title: (await ctx.store.feeds.get(f.url))?.title })));
  const serverName = interaction.guild?.name ?? m.thisServer;
  const opml = writeOpml(m.exportTitle(serverName), feeds, ctx.now());
  await interaction.reply({
    content: m.exported(feeds.length),
    files: [new AttachmentBuilder(Buffer.from(opml, 'utf8'), { name: 'newsbot-feeds.opml' })],
    flags: MessageFlags.Ephemeral,
    allowedMentions: { parse: [] },
  });
}

async function remove(interaction: ChatInputCommandInteraction, ctx: CommandContext, guildId: string, m: Words): Promise<string> {
  const url = interaction.options.getString('url', true).trim();
  let removed = false;
  await ctx.store.guilds.update(guildId, (g) => {
    const before = g.feeds.length;
    g.feeds = g.feeds.filter((f) => canonicalUrl(f.url) !== canonicalUrl(url));
    removed = g.feeds.length < before;
  });
  if (!removed) throw new UserError((w) => w.feeds.notRead);
  return m.removed(url);
}

async function starter(interaction: ChatInputCommandInteraction, ctx: CommandContext, guildId: string, m: Words): Promise<string> {
  const enabled = interaction.options.getBoolean('enabled');
  if (enabled === null) return describeStarters(ctx, guildId, interaction.locale, m);
  await ctx.store.guilds.update(guildId, (g) => {
    g.starterFeeds = enabled;
  });
  if (!ctx.config.starterFeeds) return m.startersOffForBot;
  return enabled ? m.startersOn : m.startersOff;
}

/** What each built-in topic brings this server, feed by feed and in which language. */
async function describeStarters(ctx: CommandContext, guildId: string, locale: string, m: Words): Promise<string> {
  const settings = await ctx.store.guilds.get(guildId);
  // Language names in the asking member's own language ("Japanese" / "日本語").
  const names = new Intl.DisplayNames([localeOf(locale)], { type: 'language' });
  const state = !ctx.config.starterFeeds ? m.starterState.bot : settings.starterFeeds ? m.starterState.on : m.starterState.off;
  const lines = [m.startersHeading(state, names.of(primaryLanguage(settings.locale ?? 'en')) ?? '')];
  for (const topic of loadCatalog()) {
    const feeds = starterFeedsFor(topic.id, settings.locale);
    if (feeds.length) lines.push(`• ${topic.name}: ${feeds.map((f) => `${hostOf(f.url)} (${names.of(f.lang)})`).join(', ')}`);
  }
  return lines.join('\n');
}

async function list(ctx: CommandContext, guildId: string, m: Words, locale: string): Promise<string> {
  const [settings, subs] = await Promise.all([ctx.store.guilds.get(guildId), ctx.store.subscriptions.listForGuild(guildId)]);
  const lines: string[] = [];
  const now = ctx.now();
  const describe = async (url: string) => {
    const record = await ctx.store.feeds.get(url);
    if (!record || !record.lastPolledAt) return m.notReadYet(url);
    const health = feedHealth(record, now, ctx.config.feedFailingAlertHours);
    const lastRead = m.lastRead(m.utc(record.lastSuccessAt ?? record.lastPolledAt));
    if (health === 'ok') return `• ${safeText(record.title ?? url)}: ${record.health ? safeText(record.health) : m.ok}, ${lastRead}`;
    return m.failingSince(safeText(record.title ?? url), health === 'broken' ? m.broken : m.failing, m.utc(record.failingSince ?? record.lastPolledAt), storedFailureReason(record, locale, url));
  };
  lines.push(m.addedByAdmins);
  if (settings.feeds.length === 0) lines.push(m.noneAdded);
  for (const f of settings.feeds) lines.push(await describe(f.url));
  const starterOn = ctx.config.starterFeeds && settings.starterFeeds;
  const starters = [...new Set(subs.flatMap((s) => starterFeedsFor(s.topic, settings.locale).map((f) => f.url)))];
  lines.push('', m.starterHeading(!!starterOn));
  if (starterOn) for (const url of starters) lines.push(await describe(url));
  return lines.join('\n');
}
