// The fake Discord's world: users, guilds, roles, channels and members, plus their JSON shapes as the
// API and gateway send them. Test inputs are forgiving (ids optional, permissions as flag names); the
// state they become is strict so every payload is built the same way.

import {
  DEFAULT_BOT_PERMISSIONS,
  DEFAULT_EVERYONE_PERMISSIONS,
  computeChannelPermissions,
  toPermissionBits,
  type OverwriteBits,
  type PermissionGuild,
  type PermissionInput,
} from './discord-permissions.ts';
import { snowflake } from './discord-snowflake.ts';

export const ChannelType = {
  GuildText: 0,
  DM: 1,
  GuildVoice: 2,
  GuildCategory: 4,
  GuildAnnouncement: 5,
  AnnouncementThread: 10,
  PublicThread: 11,
  PrivateThread: 12,
  GuildStageVoice: 13,
  GuildForum: 15,
  GuildMedia: 16,
} as const;

/** Channel flags Discord documents for forum and media channels and their posts. */
export const ChannelFlag = { Pinned: 1 << 1, RequireTag: 1 << 4 } as const;

/** A forum (or media) channel's tag, as Discord's Forum Tag object. */
export interface ForumTagState {
  id: string;
  name: string;
  moderated: boolean;
  emojiId: string | null;
  emojiName: string | null;
}

/** A thread's archive state (Discord's thread_metadata). */
export interface ThreadMetaState {
  /** Who started the thread. */
  ownerId: string;
  archived: boolean;
  locked: boolean;
  autoArchiveDuration: number;
}

const TEXT_BASED_CHANNEL_TYPES = new Set<number>([0, 1, 2, 5, 10, 11, 12, 13]);

export interface UserSpec {
  id?: string;
  username: string;
  globalName?: string | null;
  bot?: boolean;
}

export interface RoleSpec {
  id?: string;
  name: string;
  permissions?: PermissionInput;
  position?: number;
  color?: number;
  mentionable?: boolean;
  hoist?: boolean;
  managed?: boolean;
}

export interface OverwriteSpec {
  /** A role id (the guild id is @everyone) or a user id. */
  id: string;
  /** 0 = role, 1 = member. */
  type: 0 | 1;
  allow?: PermissionInput;
  deny?: PermissionInput;
}

export interface ChannelSpec {
  id?: string;
  name: string;
  /** Discord channel type: 0 text (default), 2 voice, 4 category, 5 announcement, 15 forum, 16 media. */
  type?: number;
  /** Channel flags, e.g. ChannelFlag.RequireTag on a forum. */
  flags?: number;
  /** A forum's or media channel's tags (ids are assigned when missing). */
  availableTags?: readonly { id?: string; name: string; moderated?: boolean; emojiName?: string | null }[];
  parentId?: string | null;
  position?: number;
  topic?: string | null;
  nsfw?: boolean;
  permission_overwrites?: readonly OverwriteSpec[];
}

export interface MemberSpec {
  user: UserSpec;
  roles?: readonly string[];
  nick?: string | null;
}

export interface GuildSpec {
  id?: string;
  name: string;
  /** Defaults to the first member, or a generated owner who is not the bot. */
  ownerId?: string;
  systemChannelId?: string | null;
  preferredLocale?: string;
  channels?: readonly ChannelSpec[];
  /** Extra roles; @everyone (id = guild id) is added when missing. */
  roles?: readonly RoleSpec[];
  members?: readonly MemberSpec[];
  /** Permissions of @everyone when `roles` does not define it. */
  everyonePermissions?: PermissionInput;
  /** Permissions of the bot's own managed role (created for every guild, like an invite link does). */
  botPermissions?: PermissionInput;
}

export interface UserState {
  id: string;
  username: string;
  globalName: string | null;
  bot: boolean;
}

export interface RoleState {
  id: string;
  name: string;
  permissions: bigint;
  position: number;
  color: number;
  mentionable: boolean;
  hoist: boolean;
  managed: boolean;
  botId?: string;
}

export interface ChannelState {
  id: string;
  guildId: string;
  name: string;
  type: number;
  parentId: string | null;
  position: number;
  topic: string | null;
  nsfw: boolean;
  overwrites: OverwriteBits[];
  flags?: number;
  /** Forum and media channels only. */
  availableTags?: ForumTagState[];
  /** Threads only: the parent forum's tags applied to this post. */
  appliedTags?: string[];
  /** Threads only. */
  thread?: ThreadMetaState;
}

export interface MemberState {
  user: UserState;
  roles: string[];
  nick: string | null;
  joinedAt: string;
}

export interface GuildState {
  id: string;
  name: string;
  ownerId: string;
  systemChannelId: string | null;
  preferredLocale: string;
  roles: Map<string, RoleState>;
  channels: Map<string, ChannelState>;
  members: Map<string, MemberState>;
  botRoleId: string;
  joinedAt: string;
}

export function toUserState(spec: UserSpec): UserState {
  return { id: spec.id ?? snowflake(), username: spec.username, globalName: spec.globalName ?? null, bot: spec.bot ?? false };
}

export function toOverwrites(specs: readonly OverwriteSpec[] | undefined): OverwriteBits[] {
  return (specs ?? []).map((o) => ({ id: o.id, type: o.type, allow: toPermissionBits(o.allow), deny: toPermissionBits(o.deny) }));
}

export function buildGuildState(spec: GuildSpec, bot: UserState): GuildState {
  const id = spec.id ?? snowflake();
  const joinedAt = new Date().toISOString();
  const roles = new Map<string, RoleState>();
  const everyone = spec.roles?.find((r) => r.id === id);
  roles.set(id, {
    id,
    name: '@everyone',
    permissions: toPermissionBits(everyone?.permissions ?? spec.everyonePermissions, DEFAULT_EVERYONE_PERMISSIONS),
    position: 0,
    color: 0,
    mentionable: false,
    hoist: false,
    managed: false,
  });
  let position = 1;
  for (const role of spec.roles ?? []) {
    if (role.id === id) continue;
    const roleId = role.id ?? snowflake();
    roles.set(roleId, {
      id: roleId,
      name: role.name,
      permissions: toPermissionBits(role.permissions),
      position: role.position ?? position,
      color: role.color ?? 0,
      mentionable: role.mentionable ?? false,
      hoist: role.hoist ?? false,
      managed: role.managed ?? false,
    });
    position += 1;
  }
  const botRoleId = snowflake();
  roles.set(botRoleId, {
    id: botRoleId,
    name: bot.username,
    permissions: toPermissionBits(spec.botPermissions, DEFAULT_BOT_PERMISSIONS),
    position,
    color: 0,
    mentionable: false,
    hoist: false,
    managed: true,
    botId: bot.id,
  });

  const members = new Map<string, MemberState>();
  for (const member of spec.members ?? []) {
    const user = toUserState(member.user);
    members.set(user.id, { user, roles: [...(member.roles ?? [])], nick: member.nick ?? null, joinedAt });
  }
  members.set(bot.id, { user: bot, roles: [botRoleId], nick: null, joinedAt });

  const channels = new Map<string, ChannelState>();
  (spec.channels ?? []).forEach((channel, index) => {
    const channelId = channel.id ?? snowflake();
    channels.set(channelId, {
      id: channelId,
      guildId: id,
      name: channel.name,
      type: channel.type ?? ChannelType.GuildText,
      parentId: channel.parentId ?? null,
      position: channel.position ?? index,
      topic: channel.topic ?? null,
      nsfw: channel.nsfw ?? false,
      overwrites: toOverwrites(channel.permission_overwrites),
      ...forumFieldsOf(channel),
    });
  });

  let ownerId = spec.ownerId;
  if (ownerId === undefined) {
    const firstHuman = [...members.values()].find((m) => m.user.id !== bot.id);
    ownerId = firstHuman?.user.id ?? snowflake();
  }
  const firstText = [...channels.values()].find((c) => c.type === ChannelType.GuildText);
  const systemChannelId = spec.systemChannelId === undefined ? (firstText?.id ?? null) : spec.systemChannelId;

  return {
    id,
    name: spec.name,
    ownerId,
    systemChannelId,
    preferredLocale: spec.preferredLocale ?? 'en-US',
    roles,
    channels,
    members,
    botRoleId,
    joinedAt,
  };
}

export function isTextBased(channel: ChannelState): boolean {
  return TEXT_BASED_CHANNEL_TYPES.has(channel.type);
}

/** Forum and media channels hold only threads (posts): no messages of their own. */
export function isThreadOnly(channel: Pick<ChannelState, 'type'>): boolean {
  return channel.type === ChannelType.GuildForum || channel.type === ChannelType.GuildMedia;
}

/** A channel spec's flags and (for a forum or media channel) its tags, with ids assigned. */
export function forumFieldsOf(spec: ChannelSpec): Pick<ChannelState, 'flags' | 'availableTags'> {
  const flags = spec.flags ?? 0;
  if (!isThreadOnly({ type: spec.type ?? ChannelType.GuildText })) return { flags };
  const availableTags = (spec.availableTags ?? []).map((t) => ({ id: t.id ?? snowflake(), name: t.name, moderated: t.moderated ?? false, emojiId: null, emojiName: t.emojiName ?? null }));
  return { flags, availableTags };
}

export function forumTagJson(tag: ForumTagState): Record<string, unknown> {
  return { id: tag.id, name: tag.name, moderated: tag.moderated, emoji_id: tag.emojiId, emoji_name: tag.emojiName };
}

function permissionGuild(guild: GuildState): PermissionGuild {
  const rolePermissions = new Map<string, bigint>();
  for (const role of guild.roles.values()) rolePermissions.set(role.id, role.permissions);
  return { id: guild.id, ownerId: guild.ownerId, rolePermissions };
}

export function memberChannelPermissions(guild: GuildState, member: MemberState, channel: ChannelState): bigint {
  return computeChannelPermissions(
    permissionGuild(guild),
    { userId: member.user.id, roleIds: member.roles },
    channel.overwrites,
    // Sending-related permissions fall with Send Messages in a forum too (it is "Create Posts" there).
    isTextBased(channel) || isThreadOnly(channel),
  );
}

// ---- JSON shapes as Discord sends them ----

export function userJson(user: UserState): Record<string, unknown> {
  return {
    id: user.id,
    username: user.username,
    global_name: user.globalName,
    discriminator: '0',
    avatar: null,
    bot: user.bot,
    system: false,
    public_flags: 0,
    flags: 0,
  };
}

export function roleJson(role: RoleState): Record<string, unknown> {
  return {
    id: role.id,
    name: role.name,
    permissions: role.permissions.toString(),
    position: role.position,
    color: role.color,
    colors: { primary_color: role.color, secondary_color: null, tertiary_color: null },
    hoist: role.hoist,
    managed: role.managed,
    mentionable: role.mentionable,
    icon: null,
    unicode_emoji: null,
    flags: 0,
    ...(role.botId ? { tags: { bot_id: role.botId } } : {}),
  };
}

export function overwriteJson(overwrite: OverwriteBits): Record<string, unknown> {
  return { id: overwrite.id, type: overwrite.type, allow: overwrite.allow.toString(), deny: overwrite.deny.toString() };
}

export function channelJson(channel: ChannelState): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: channel.id,
    guild_id: channel.guildId,
    name: channel.name,
    type: channel.type,
    position: channel.position,
    parent_id: channel.parentId,
    permission_overwrites: channel.overwrites.map(overwriteJson),
    nsfw: channel.nsfw,
    flags: channel.flags ?? 0,
  };
  if (isTextBased(channel) || isThreadOnly(channel)) {
    json.topic = channel.topic;
    json.last_message_id = null;
    json.rate_limit_per_user = 0;
  }
  if (isThreadOnly(channel)) {
    json.available_tags = (channel.availableTags ?? []).map(forumTagJson);
    json.default_reaction_emoji = null;
    json.default_thread_rate_limit_per_user = 0;
    json.default_auto_archive_duration = 4320;
    json.default_sort_order = null;
    if (channel.type === ChannelType.GuildForum) json.default_forum_layout = 0;
  }
  if (channel.thread) {
    const { archived, locked, autoArchiveDuration } = channel.thread;
    json.thread_metadata = { archived, locked, auto_archive_duration: autoArchiveDuration, archive_timestamp: new Date().toISOString() };
    json.owner_id = channel.thread.ownerId;
    json.message_count = 0;
    json.member_count = 1;
    if (channel.appliedTags) json.applied_tags = [...channel.appliedTags];
    delete json.permission_overwrites;
  }
  return json;
}

export function memberJson(member: MemberState, withUser = true): Record<string, unknown> {
  return {
    ...(withUser ? { user: userJson(member.user) } : {}),
    nick: member.nick,
    avatar: null,
    banner: null,
    roles: [...member.roles],
    joined_at: member.joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until: null,
  };
}

export function guildJson(guild: GuildState): Record<string, unknown> {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    verification_level: 0,
    default_message_notifications: 1,
    explicit_content_filter: 0,
    roles: [...guild.roles.values()].map(roleJson),
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: guild.systemChannelId,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    vanity_url_code: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: guild.preferredLocale,
    max_video_channel_users: 25,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
  };
}

/** GUILD_CREATE: the guild plus channels and members; other members only with the GuildMembers intent. */
export function guildCreateJson(guild: GuildState, botId: string, includeAllMembers: boolean): Record<string, unknown> {
  const members = [...guild.members.values()].filter((m) => includeAllMembers || m.user.id === botId);
  return {
    ...guildJson(guild),
    joined_at: guild.joinedAt,
    large: false,
    unavailable: false,
    member_count: guild.members.size,
    voice_states: [],
    members: members.map((m) => memberJson(m)),
    channels: [...guild.channels.values()].filter((c) => !c.thread).map(channelJson),
    // Active threads come apart from the channels, as Discord sends them.
    threads: [...guild.channels.values()].filter((c) => c.thread && !c.thread.archived).map(channelJson),
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}
