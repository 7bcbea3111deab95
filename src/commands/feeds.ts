import { InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { clip, safeText } from '../discord/render.ts';
import { starterFeedsFor } from '../jobs/feed-set.ts';
import { takePendingNotices } from '../jobs/notify-admins.ts';
import { canonicalUrl } from '../news/feeds/canonical-url.ts';
import { discoverFeed } from '../news/feeds/discover-feed.ts';
import { FetchError } from '../news/http/fetch.ts';
import { FeedParseError } from '../news/feeds/parse-feed.ts';
import { feedHealth } from '../store/feeds.ts';
import { UserError, type Command, type CommandContext } from './command.ts';
import { requireGuild, requireManageServer } from './guards.ts';

const MAX_FEEDS_PER_SERVER = 100;

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
        .setName('starter')
        .setDescription('Turn the built-in starter feeds for followed topics on or off')
        .addBooleanOption((o) => o.setName('enabled').setDescription('Read the starter feeds').setRequired(true)),
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
    let answer: string;
    if (sub === 'remove') answer = await remove(interaction, ctx, guildId);
    else if (sub === 'starter') answer = await starter(interaction, ctx, guildId);
    else answer = await list(ctx, guildId);
    const notices = await takePendingNotices(ctx, guildId);
    const extra = notices.length ? `\n\n**While you were away:**\n${notices.join('\n')}` : '';
    await interaction.reply({ content: `${answer}${extra}`.slice(0, 2000), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
  },
};

async function add(interaction: ChatInputCommandInteraction, ctx: CommandContext, guildId: string): Promise<void> {
  const raw = interaction.options.getString('url', true).trim();
  const settings = await ctx.store.guilds.get(guildId);
  if (settings.feeds.length >= MAX_FEEDS_PER_SERVER) throw new UserError(`This server already reads ${MAX_FEEDS_PER_SERVER} feeds; remove one first.`);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  let found;
  try {
    found = await discoverFeed(raw, { ...ctx.fetch, now: ctx.now() });
  } catch (err) {
    if (err instanceof FetchError || err instanceof FeedParseError) {
      await interaction.editReply({ content: `I could not add that feed: ${err.message}` });
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
  const heading = already ? `This server already reads **${safeText(feed.title ?? feedUrl)}**.` : `Added **${safeText(feed.title ?? feedUrl)}** (${feedUrl}).`;
  await interaction.editReply({
    content: clip(`${heading}\nLatest items:\n${latest.join('\n') || '• (the feed is empty right now)'}\nOnly stories published from now on will be posted.`, 2000),
    allowedMentions: { parse: [] },
  });
}

async function remove(interaction: ChatInputCommandInteraction, ctx: CommandContext, guildId: string): Promise<string> {
  const url = interaction.options.getString('url', true).trim();
  let removed = false;
  await ctx.store.guilds.update(guildId, (g) => {
    const before = g.feeds.length;
    g.feeds = g.feeds.filter((f) => canonicalUrl(f.url) !== canonicalUrl(url));
    removed = g.feeds.length < before;
  });
  if (!removed) throw new UserError('This server does not read that feed. /feeds list shows the feeds it reads.');
  return `This server no longer reads ${url}.`;
}

async function starter(interaction: ChatInputCommandInteraction, ctx: CommandContext, guildId: string): Promise<string> {
  const enabled = interaction.options.getBoolean('enabled', true);
  await ctx.store.guilds.update(guildId, (g) => {
    g.starterFeeds = enabled;
  });
  if (!ctx.config.starterFeeds) return 'Starter feeds are turned off for the whole bot by its operator (STARTER_FEEDS=false).';
  return enabled ? 'Starter feeds for the topics members follow are read again.' : 'Starter feeds are off: only the feeds added with /feeds add are read.';
}

async function list(ctx: CommandContext, guildId: string): Promise<string> {
  const [settings, subs] = await Promise.all([ctx.store.guilds.get(guildId), ctx.store.subscriptions.listForGuild(guildId)]);
  const lines: string[] = [];
  const now = ctx.now();
  const describe = async (url: string) => {
    const record = await ctx.store.feeds.get(url);
    if (!record || !record.lastPolledAt) return `• ${url}: not read yet`;
    const health = feedHealth(record, now, ctx.config.feedFailingAlertHours);
    if (health === 'ok') return `• ${safeText(record.title ?? url)}: ok, last read ${record.lastSuccessAt?.slice(0, 16).replace('T', ' ')} UTC`;
    return `• ${safeText(record.title ?? url)}: ${health === 'broken' ? 'BROKEN' : 'failing'} since ${record.failingSince?.slice(0, 16).replace('T', ' ')} UTC: ${record.lastError}`;
  };
  lines.push('**Added by admins**');
  if (settings.feeds.length === 0) lines.push('• none: add one with /feeds add');
  for (const f of settings.feeds) lines.push(await describe(f.url));
  const starterOn = ctx.config.starterFeeds && settings.starterFeeds;
  const starters = [...new Set(subs.flatMap((s) => starterFeedsFor(s.topic)))];
  lines.push('', `**Starter feeds** (${starterOn ? 'on' : 'off'})`);
  if (starterOn) for (const url of starters) lines.push(await describe(url));
  return lines.join('\n');
}
