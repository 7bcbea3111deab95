import {
  ChannelFlags,
  ChannelType,
  PermissionFlagsBits,
  type ChatInputCommandInteraction,
  type GuildBasedChannel,
} from 'discord.js';
import { messagesFor, type Messages } from '../i18n/messages.ts';
import { UserError } from './command.ts';

export function requireGuild(interaction: ChatInputCommandInteraction): string {
  if (!interaction.guildId) throw new UserError((m) => m.members.notInGuild);
  // The bot's own server list (from the gateway) holds every server it is in, even during an outage. A command
  // from any other server comes from one that removed the bot but kept its commands, or from a stale client.
  if (!interaction.guild) {
    throw new UserError((m) => m.members.notAMember);
  }
  return interaction.guildId;
}

/** Checked at run time as well as declared, since a member can lose Manage Server after Discord showed the command. */
export function requireManageServer(interaction: ChatInputCommandInteraction): void {
  if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
    throw new UserError((m) => m.members.needManageServer);
  }
}

export function canManageServer(interaction: ChatInputCommandInteraction): boolean {
  return interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false;
}

type PermissionName = keyof Messages['admin']['perm'];

const NEEDED: [bigint, PermissionName][] = [
  [PermissionFlagsBits.ViewChannel, 'viewChannel'],
  [PermissionFlagsBits.SendMessages, 'sendMessages'],
  [PermissionFlagsBits.EmbedLinks, 'embedLinks'],
];

/** Names the permissions the bot lacks in a channel (empty when it can post alerts there), as Discord's client in the member's language does. */
export function missingPermissions(interaction: ChatInputCommandInteraction, channelId: string): string[] {
  const names = messagesFor(interaction.locale).admin.perm;
  const channel = interaction.guild?.channels.cache.get(channelId) as GuildBasedChannel | undefined;
  const me = interaction.guild?.members.me ?? interaction.client.user;
  if (!channel || !me) return [];
  const perms = channel.permissionsFor(me);
  if (!perms) return NEEDED.map(([, name]) => names[name]);
  return NEEDED.filter(([flag]) => !perms.has(flag)).map(([, name]) => names[name]);
}

/** The permissions a coverage thread needs in a channel that the bot lacks there (empty when it can). */
export function threadPermissionsMissing(interaction: ChatInputCommandInteraction, channelId: string): string[] {
  const channel = interaction.guild?.channels.cache.get(channelId) as GuildBasedChannel | undefined;
  const me = interaction.guild?.members.me ?? interaction.client.user;
  const perms = channel && me ? channel.permissionsFor(me) : null;
  if (!perms) return [];
  const names = messagesFor(interaction.locale).admin.perm;
  const needed: [bigint, PermissionName][] = [
    [PermissionFlagsBits.CreatePublicThreads, 'createThreads'],
    [PermissionFlagsBits.SendMessagesInThreads, 'sendInThreads'],
  ];
  return needed.filter(([flag]) => !perms.has(flag)).map(([, name]) => names[name]);
}

export function isTextChannel(type: ChannelType | undefined): boolean {
  return type === ChannelType.GuildText || type === ChannelType.GuildAnnouncement;
}

/** Forum (15) and media (16) channels: alerts there are posts. */
export function forumKindOf(interaction: ChatInputCommandInteraction, channelId: string): 'forum' | 'media' | undefined {
  const type = interaction.guild?.channels.cache.get(channelId)?.type ?? interaction.options.getChannel('channel')?.type;
  return type === ChannelType.GuildForum ? 'forum' : type === ChannelType.GuildMedia ? 'media' : undefined;
}

/** What the bot may do in a forum: the permissions it lacks for posting (named in `locale`), and about tags. */
export function forumAbilities(interaction: ChatInputCommandInteraction, channelId: string): { missing: string[]; canCreateTags: boolean; requiresTag: boolean } {
  const words = messagesFor(interaction.locale).forum;
  const channel = interaction.guild?.channels.cache.get(channelId) as GuildBasedChannel | undefined;
  const me = interaction.guild?.members.me ?? interaction.client.user;
  const requiresTag = !!channel?.flags?.has(ChannelFlags.RequireTag);
  if (!channel || !me) return { missing: [], canCreateTags: false, requiresTag };
  const perms = channel.permissionsFor(me);
  // Create Posts is Send Messages on a forum; the coverage lines go into the post, a thread.
  const needed: [bigint, string][] = [
    [PermissionFlagsBits.ViewChannel, words.permViewChannel],
    [PermissionFlagsBits.SendMessages, words.permCreatePosts],
    [PermissionFlagsBits.SendMessagesInThreads, words.permSendInThreads],
    [PermissionFlagsBits.EmbedLinks, words.permEmbedLinks],
  ];
  if (!perms) return { missing: needed.map(([, name]) => name), canCreateTags: false, requiresTag };
  return { missing: needed.filter(([flag]) => !perms.has(flag)).map(([, name]) => name), canCreateTags: perms.has(PermissionFlagsBits.ManageChannels), requiresTag };
}
