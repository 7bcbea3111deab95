import { InteractionContextType, ChannelType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { topicKey } from '../topics/topic-key.ts';
import { topicName } from '../i18n/topic-names.ts';
import { takePendingNotices } from '../jobs/notify-admins.ts';
import { problemKey, type AlertMode, type CoverageMode } from '../store/guilds.ts';
import { channelFollower, type Sensitivity } from '../store/subscriptions.ts';
import { UserError, type Command, type CommandContext } from './command.ts';
import { forumAbilities, forumKindOf, missingPermissions, requireGuild, requireManageServer, threadPermissionsMissing } from './guards.ts';
import { localeOf, messagesFor } from '../i18n/messages.ts';
import { suggestTopics } from './topic-choices.ts';
import { validateTopic } from './topic-input.ts';
import type { ChatInputCommandInteraction } from 'discord.js';

const textChannels = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;
/** Where alerts can go: text channels, and forum and media channels (each story a post). */
const alertChannels = [...textChannels, ChannelType.GuildForum, ChannelType.GuildMedia] as const;
/** Codes are checked against English names (any code Intl knows); they are shown in the member's language. */
const LANGUAGE_NAMES = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' });

export const alerts: Command = {
  adminOnly: true,
  data: new SlashCommandBuilder()
    .setName('alerts')
    .setDescription('Where and how alerts are posted (Manage Server)')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((s) =>
      s
        .setName('channel')
        .setDescription('Set the default alert channel, or the channel for one topic')
        .addChannelOption((o) => o.setName('channel').setDescription('Where alerts go').setRequired(true).addChannelTypes(...alertChannels))
        .addStringOption((o) => o.setName('topic').setDescription('Only for this topic (leave empty for the default)').setAutocomplete(true).setMaxLength(300)),
    )
    .addSubcommand((s) =>
      s
        .setName('follow')
        .setDescription('Make a channel follow a topic on its own, whoever follows it')
        .addStringOption((o) => o.setName('topic').setDescription('A topic (japan, crypto…) or your own query').setRequired(true).setAutocomplete(true).setMaxLength(300))
        .addChannelOption((o) => o.setName('channel').setDescription('The channel that gets its stories').setRequired(true).addChannelTypes(...alertChannels)),
    )
    .addSubcommand((s) =>
      s
        .setName('unfollow')
        .setDescription('Stop a channel following a topic on its own')
        .addStringOption((o) => o.setName('topic').setDescription('The topic the channel follows').setRequired(true).setAutocomplete(true).setMaxLength(300))
        .addChannelOption((o) => o.setName('channel').setDescription('The channel').setRequired(true).addChannelTypes(...alertChannels)),
    )
    .addSubcommand((s) =>
      s
        .setName('mode')
        .setDescription('Post each alert at once, or one digest an hour or a day')
        .addStringOption((o) =>
          o.setName('mode').setDescription('How often').setRequired(true).addChoices(
            { name: 'realtime', value: 'realtime' },
            { name: 'hourly digest', value: 'hourly' },
            { name: 'daily digest', value: 'daily' },
          ),
        )
        .addChannelOption((o) => o.setName('channel').setDescription('Which alert channel (default: this one)').addChannelTypes(...alertChannels)),
    )
    .addSubcommand((s) =>
      s
        .setName('coverage')
        .setDescription('When a story gains more outlets: a thread on its alert, only an edit, or nothing')
        .addStringOption((o) =>
          o.setName('mode').setDescription('What the alert gets').setRequired(true).addChoices(
            { name: 'thread (and edit)', value: 'thread' },
            { name: 'edit only', value: 'edit' },
            { name: 'off', value: 'off' },
          ),
        )
        .addChannelOption((o) => o.setName('channel').setDescription('Which alert channel (default: this one)').addChannelTypes(...alertChannels)),
    )
    .addSubcommand((s) =>
      s
        .setName('pause')
        .setDescription('Pause alerts in a channel')
        .addChannelOption((o) => o.setName('channel').setDescription('Default: this one').addChannelTypes(...alertChannels)),
    )
    .addSubcommand((s) =>
      s
        .setName('resume')
        .setDescription('Resume alerts in a channel')
        .addChannelOption((o) => o.setName('channel').setDescription('Default: this one').addChannelTypes(...alertChannels)),
    )
    .addSubcommand((s) =>
      s
        .setName('role')
        .setDescription('Mention a role in a topic’s alerts')
        .addStringOption((o) => o.setName('topic').setDescription('Topic').setRequired(true).setAutocomplete(true).setMaxLength(300))
        .addRoleOption((o) => o.setName('role').setDescription('Role to mention (leave empty to stop mentioning)')),
    )
    .addSubcommand((s) =>
      s
        .setName('sensitivity')
        .setDescription('How central a topic must be to a story for an alert')
        .addStringOption((o) => o.setName('topic').setDescription('Topic').setRequired(true).setAutocomplete(true).setMaxLength(300))
        .addStringOption((o) =>
          o.setName('level').setDescription('strict: only stories about it; broad: any real mention').setRequired(true).addChoices(
            { name: 'strict', value: 'strict' },
            { name: 'normal', value: 'normal' },
            { name: 'broad', value: 'broad' },
          ),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName('language')
        .setDescription('Only alerts in these languages, in a channel or for a topic')
        .addStringOption((o) => o.setName('codes').setDescription('Language codes such as "en" or "en ja"; "any" lifts the limit').setRequired(true).setMaxLength(100))
        .addChannelOption((o) => o.setName('channel').setDescription('The channel (default: this one, unless a topic is given)').addChannelTypes(...alertChannels))
        .addStringOption((o) => o.setName('topic').setDescription('Limit a topic instead, wherever it goes').setAutocomplete(true).setMaxLength(300)),
    )
    .addSubcommand((s) =>
      s
        .setName('health')
        .setDescription('Where the bot reports failing feeds and channel problems')
        .addChannelOption((o) => o.setName('channel').setDescription('Health channel').setRequired(true).addChannelTypes(...textChannels)),
    ),
  async autocomplete(interaction) {
    await suggestTopics(interaction);
  },
  async execute(interaction, ctx) {
    requireManageServer(interaction);
    const guildId = requireGuild(interaction);
    const sub = interaction.options.getSubcommand();
    const answer = await handlers[sub]!(interaction, ctx, guildId);
    const notices = await takePendingNotices(ctx, guildId);
    const extra = notices.length ? `\n\n${messagesFor(interaction.locale).admin.whileAway}\n${notices.join('\n')}` : '';
    await interaction.reply({ content: `${answer}${extra}`.slice(0, 2000), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
  },
};

type Handler = (interaction: ChatInputCommandInteraction, ctx: CommandContext, guildId: string) => Promise<string>;

function channelOrHere(interaction: ChatInputCommandInteraction): string {
  const id = interaction.options.getChannel('channel')?.id ?? interaction.channelId;
  if (!id) throw new UserError((m) => m.admin.nameChannel);
  return id;
}

function checkPostable(interaction: ChatInputCommandInteraction, channelId: string): void {
  if (forumKindOf(interaction, channelId)) {
    const { missing: lacking } = forumAbilities(interaction, channelId);
    if (lacking.length) throw new UserError((m) => m.forum.cannotPost(`<#${channelId}>`, lacking.join(m.common.listJoin)));
    return;
  }
  const missing = missingPermissions(interaction, channelId);
  if (missing.length) {
    throw new UserError((m) => m.admin.cannotPost(`<#${channelId}>`, missing.join(m.common.listJoin)));
  }
}

/** Remembers whether an alert channel is a forum (its alerts become posts) and says what that means there. */
function forumSetting(interaction: ChatInputCommandInteraction, channelId: string): { kind: 'forum' | 'media' | undefined; note: string } {
  const kind = forumKindOf(interaction, channelId);
  if (!kind) return { kind, note: '' };
  const words = messagesFor(interaction.locale).forum;
  const { canCreateTags, requiresTag } = forumAbilities(interaction, channelId);
  const note = ` ${words.postsThere(`<#${channelId}>`)}${canCreateTags ? words.tagsCreated : words.tagsNotCreated}${requiresTag && !canCreateTags ? words.requiresTag : ''}`;
  return { kind, note };
}

function setForumKind(g: { forumChannels?: Record<string, 'forum' | 'media'> }, channelId: string, kind: 'forum' | 'media' | undefined): void {
  const forums = { ...(g.forumChannels ?? {}) };
  if (kind) forums[channelId] = kind;
  else delete forums[channelId];
  g.forumChannels = forums;
}

const handlers: Record<string, Handler> = {
  async channel(interaction, ctx, guildId) {
    const channelId = interaction.options.getChannel('channel', true).id;
    const rawTopic = interaction.options.getString('topic');
    checkPostable(interaction, channelId);
    const topic = rawTopic ? validateTopic(rawTopic).topic : undefined;
    const forum = forumSetting(interaction, channelId);
    await ctx.store.guilds.update(guildId, (g) => {
      if (topic) g.topicChannels[topicKey(topic)] = channelId;
      else g.defaultChannelId = channelId;
      delete g.pausedChannels[channelId];
      setForumKind(g, channelId, forum.kind);
    });
    const m = messagesFor(interaction.locale).admin;
    if (!topic) return `${m.nowAlertChannel(`<#${channelId}>`)}${forum.note}`;
    const label = topicName(topic, interaction.locale);
    const said = `${m.topicGoesTo(label, `<#${channelId}>`)}${forum.note}`;
    // Routing a topic nobody follows posts nothing: say so, and offer what the admin most likely meant.
    const followers = (await ctx.store.subscriptions.listForGuild(guildId)).filter((s) => topicKey(s.topic) === topicKey(topic));
    if (followers.length) return said;
    return `${said} ${m.nobodyFollows(label, `<#${channelId}>`, topic, interaction.options.getChannel('channel', true).name ?? 'channel')}`;
  },
  async coverage(interaction, ctx, guildId) {
    const channelId = channelOrHere(interaction);
    const mode = interaction.options.getString('mode', true) as CoverageMode;
    await ctx.store.guilds.update(guildId, (g) => {
      g.coverageModes = { ...(g.coverageModes ?? {}), [channelId]: mode };
    });
    const m = messagesFor(interaction.locale).admin;
    if (mode === 'off') return m.coverageOff(`<#${channelId}>`);
    if (mode === 'edit') return m.coverageEdit(`<#${channelId}>`);
    if (forumKindOf(interaction, channelId)) return messagesFor(interaction.locale).forum.coverageIntoPost(`<#${channelId}>`);
    const missing = threadPermissionsMissing(interaction, channelId);
    const caveat = missing.length ? m.coverageCaveat(missing.join(messagesFor(interaction.locale).common.listJoin)) : '';
    return `${m.coverageThread(`<#${channelId}>`)}${caveat}`;
  },
  async language(interaction, ctx, guildId) {
    const raw = interaction.options.getString('codes', true).trim().toLowerCase();
    const rawTopic = interaction.options.getString('topic');
    const topic = rawTopic ? validateTopic(rawTopic).topic : undefined;
    const channelId = topic && !interaction.options.getChannel('channel') ? undefined : channelOrHere(interaction);
    const key = topic ? `topic:${topicKey(topic)}` : `channel:${channelId}`;
    const where = topic ? `**${topicName(topic, interaction.locale)}**` : `<#${channelId}>`;
    const codes = raw === 'any' || raw === 'all' ? [] : [...new Set(raw.split(/[\s,]+/).filter(Boolean))];
    const unknown = codes.filter((c) => !LANGUAGE_NAMES.of(c) || !/^[a-z]{2,3}$/.test(c) || LANGUAGE_NAMES.of(c) === c);
    if (unknown.length) throw new UserError((m) => m.admin.unknownLanguage(unknown.map((c) => `“${c}”`).join(m.common.listJoin)));
    await ctx.store.guilds.update(guildId, (g) => {
      const limits = { ...(g.languages ?? {}) };
      if (codes.length) limits[key] = codes;
      else delete limits[key];
      g.languages = limits;
    });
    const m = messagesFor(interaction.locale);
    if (!codes.length) return m.admin.anyLanguage(where);
    const shown = new Intl.DisplayNames([localeOf(interaction.locale)], { type: 'language', fallback: 'code' });
    return m.admin.onlyLanguages(where, codes.map((c) => `${shown.of(c)} (${c})`).join(m.common.listJoin));
  },
  async follow(interaction, ctx, guildId) {
    const channelId = interaction.options.getChannel('channel', true).id;
    checkPostable(interaction, channelId);
    const { topic } = validateTopic(interaction.options.getString('topic', true));
    const forum = forumSetting(interaction, channelId);
    const { created } = await ctx.store.subscriptions.follow({ guildId, userId: channelFollower(channelId), channelId, topic, ping: false }, ctx.now());
    // The server's settings record exists from now on, so the planner knows the channel is not paused.
    await ctx.store.guilds.update(guildId, (g) => {
      delete g.pausedChannels[channelId];
      setForumKind(g, channelId, forum.kind);
    });
    const label = topicName(topic, interaction.locale);
    const m = messagesFor(interaction.locale).admin;
    return `${created ? m.channelFollows(`<#${channelId}>`, label) : m.channelAlreadyFollows(`<#${channelId}>`, label)}${forum.note}`;
  },
  async unfollow(interaction, ctx, guildId) {
    const channelId = interaction.options.getChannel('channel', true).id;
    const topic = interaction.options.getString('topic', true);
    const removed = await ctx.store.subscriptions.unfollow(guildId, channelFollower(channelId), topic);
    if (!removed) throw new UserError((m, locale) => m.admin.channelNotFollowing(`<#${channelId}>`, topicName(topic, locale)));
    return messagesFor(interaction.locale).admin.channelUnfollowed(`<#${channelId}>`, topicName(removed.topic, interaction.locale));
  },
  async mode(interaction, ctx, guildId) {
    const channelId = channelOrHere(interaction);
    const mode = interaction.options.getString('mode', true) as AlertMode;
    await ctx.store.guilds.update(guildId, (g) => {
      g.channelModes[channelId] = mode;
    });
    const m = messagesFor(interaction.locale).admin;
    return mode === 'realtime' ? m.realtime(`<#${channelId}>`) : m.digestMode(`<#${channelId}>`, mode);
  },
  async pause(interaction, ctx, guildId) {
    const channelId = channelOrHere(interaction);
    await ctx.store.guilds.update(guildId, (g) => {
      g.pausedChannels[channelId] = { reason: 'admin', since: ctx.now().toISOString() };
    });
    return messagesFor(interaction.locale).admin.paused(`<#${channelId}>`);
  },
  async resume(interaction, ctx, guildId) {
    const channelId = channelOrHere(interaction);
    checkPostable(interaction, channelId);
    await ctx.store.guilds.update(guildId, (g) => {
      delete g.pausedChannels[channelId];
      delete g.reportedProblems[problemKey.channel(channelId)];
    });
    return messagesFor(interaction.locale).admin.resumed(`<#${channelId}>`);
  },
  async role(interaction, ctx, guildId) {
    const { topic } = validateTopic(interaction.options.getString('topic', true));
    const role = interaction.options.getRole('role');
    await ctx.store.guilds.update(guildId, (g) => {
      if (role) g.topicRoles[topicKey(topic)] = role.id;
      else delete g.topicRoles[topicKey(topic)];
    });
    const m = messagesFor(interaction.locale).admin;
    const label = topicName(topic, interaction.locale);
    return role ? m.roleMentioned(`<@&${role.id}>`, label) : m.noRole(label);
  },
  async sensitivity(interaction, ctx, guildId) {
    const { topic } = validateTopic(interaction.options.getString('topic', true));
    const level = interaction.options.getString('level', true) as Sensitivity;
    await ctx.store.guilds.update(guildId, (g) => {
      g.sensitivity[topicKey(topic)] = level;
    });
    return messagesFor(interaction.locale).admin.sensitivity(topicName(topic, interaction.locale), level);
  },
  async health(interaction, ctx, guildId) {
    const channelId = interaction.options.getChannel('channel', true).id;
    checkPostable(interaction, channelId);
    await ctx.store.guilds.update(guildId, (g) => {
      g.healthChannelId = channelId;
    });
    return `${messagesFor(interaction.locale).admin.healthChannel(`<#${channelId}>`)}${await forumProblems(interaction, ctx, guildId)}`;
  },
};

/** The forum problems standing now (posts untagged, a tag required): /alerts health says them. */
async function forumProblems(interaction: ChatInputCommandInteraction, ctx: CommandContext, guildId: string): Promise<string> {
  const words = messagesFor(interaction.locale).forum;
  const lines: string[] = [];
  for (const key of Object.keys((await ctx.store.guilds.get(guildId)).reportedProblems)) {
    const [kind, forumId] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
    if (kind === 'forum-untagged') lines.push(`• ${words.healthUntagged(`<#${forumId}>`, (await ctx.store.forumTags.get(forumId)).blocked?.reason)}`);
    else if (kind === 'forum-tag-required') lines.push(`• ${words.healthTagRequired(`<#${forumId}>`)}`);
  }
  return lines.length ? `\n${words.healthNow}\n${lines.join('\n')}` : '';
}
