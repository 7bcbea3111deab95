// Discord's permission arithmetic, written from the API documentation (not borrowed from discord.js,
// so that tests comparing the two catch real disagreements).

export const Permission = {
  CreateInstantInvite: 1n << 0n,
  KickMembers: 1n << 1n,
  BanMembers: 1n << 2n,
  Administrator: 1n << 3n,
  ManageChannels: 1n << 4n,
  ManageGuild: 1n << 5n,
  AddReactions: 1n << 6n,
  ViewAuditLog: 1n << 7n,
  PrioritySpeaker: 1n << 8n,
  Stream: 1n << 9n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  SendTTSMessages: 1n << 12n,
  ManageMessages: 1n << 13n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  MentionEveryone: 1n << 17n,
  UseExternalEmojis: 1n << 18n,
  ViewGuildInsights: 1n << 19n,
  Connect: 1n << 20n,
  Speak: 1n << 21n,
  MuteMembers: 1n << 22n,
  DeafenMembers: 1n << 23n,
  MoveMembers: 1n << 24n,
  UseVAD: 1n << 25n,
  ChangeNickname: 1n << 26n,
  ManageNicknames: 1n << 27n,
  ManageRoles: 1n << 28n,
  ManageWebhooks: 1n << 29n,
  ManageGuildExpressions: 1n << 30n,
  UseApplicationCommands: 1n << 31n,
  RequestToSpeak: 1n << 32n,
  ManageEvents: 1n << 33n,
  ManageThreads: 1n << 34n,
  CreatePublicThreads: 1n << 35n,
  CreatePrivateThreads: 1n << 36n,
  UseExternalStickers: 1n << 37n,
  SendMessagesInThreads: 1n << 38n,
  UseEmbeddedActivities: 1n << 39n,
  ModerateMembers: 1n << 40n,
  ViewCreatorMonetizationAnalytics: 1n << 41n,
  UseSoundboard: 1n << 42n,
  CreateGuildExpressions: 1n << 43n,
  CreateEvents: 1n << 44n,
  UseExternalSounds: 1n << 45n,
  SendVoiceMessages: 1n << 46n,
  SetVoiceChannelStatus: 1n << 48n,
  SendPolls: 1n << 49n,
  UseExternalApps: 1n << 50n,
  PinMessages: 1n << 51n,
  BypassSlowmode: 1n << 52n,
} as const;

export type PermissionName = keyof typeof Permission;

/** A permission set as tests like to write it: a bitfield (bigint, number or decimal string) or flag names. */
export type PermissionInput = bigint | number | string | readonly PermissionName[];

export const ALL_PERMISSIONS: bigint = Object.values(Permission).reduce((all, bit) => all | bit, 0n);

/** What a fresh server's @everyone role may do (close to Discord's defaults for a new server). */
export const DEFAULT_EVERYONE_PERMISSIONS: bigint =
  Permission.CreateInstantInvite |
  Permission.AddReactions |
  Permission.Stream |
  Permission.ViewChannel |
  Permission.SendMessages |
  Permission.EmbedLinks |
  Permission.AttachFiles |
  Permission.ReadMessageHistory |
  Permission.UseExternalEmojis |
  Permission.Connect |
  Permission.Speak |
  Permission.UseVAD |
  Permission.ChangeNickname |
  Permission.UseApplicationCommands |
  Permission.SendMessagesInThreads |
  Permission.CreatePublicThreads;

/** What a bot invited with a typical "send alerts" invite link gets on its own managed role. */
export const DEFAULT_BOT_PERMISSIONS: bigint =
  Permission.ViewChannel |
  Permission.SendMessages |
  Permission.EmbedLinks |
  Permission.ReadMessageHistory |
  Permission.UseApplicationCommands;

export function toPermissionBits(input: PermissionInput | undefined, fallback = 0n): bigint {
  if (input === undefined) return fallback;
  if (typeof input === 'bigint') return input;
  if (typeof input === 'number') return BigInt(input);
  if (typeof input === 'string') return BigInt(input);
  return input.reduce((bits, name) => bits | Permission[name], 0n);
}

export function permissionNames(bits: bigint): PermissionName[] {
  return (Object.keys(Permission) as PermissionName[]).filter((name) => (bits & Permission[name]) === Permission[name]);
}

export interface OverwriteBits {
  id: string;
  /** 0 = role, 1 = member */
  type: 0 | 1;
  allow: bigint;
  deny: bigint;
}

export interface PermissionSubject {
  userId: string;
  roleIds: readonly string[];
}

export interface PermissionGuild {
  id: string;
  ownerId: string;
  rolePermissions: ReadonlyMap<string, bigint>;
}

/** Guild-wide permissions: owner and Administrator get everything, else @everyone OR the member's roles. */
export function computeBasePermissions(guild: PermissionGuild, subject: PermissionSubject): bigint {
  if (subject.userId === guild.ownerId) return ALL_PERMISSIONS;
  let bits = guild.rolePermissions.get(guild.id) ?? 0n;
  for (const roleId of subject.roleIds) bits |= guild.rolePermissions.get(roleId) ?? 0n;
  return (bits & Permission.Administrator) !== 0n ? ALL_PERMISSIONS : bits;
}

/**
 * Channel permissions in Discord's documented order: @everyone overwrite, then all role overwrites
 * together (deny before allow), then the member's own overwrite. Without View Channel nothing else
 * applies, and without Send Messages the sending-related permissions are implicitly denied.
 */
export function computeChannelPermissions(
  guild: PermissionGuild,
  subject: PermissionSubject,
  overwrites: readonly OverwriteBits[],
  isTextChannel = true,
): bigint {
  const base = computeBasePermissions(guild, subject);
  if ((base & Permission.Administrator) !== 0n) return ALL_PERMISSIONS;
  let bits = base;
  const everyone = overwrites.find((o) => o.id === guild.id);
  if (everyone) bits = (bits & ~everyone.deny) | everyone.allow;
  let roleAllow = 0n;
  let roleDeny = 0n;
  for (const overwrite of overwrites) {
    if (overwrite.type === 0 && overwrite.id !== guild.id && subject.roleIds.includes(overwrite.id)) {
      roleAllow |= overwrite.allow;
      roleDeny |= overwrite.deny;
    }
  }
  bits = (bits & ~roleDeny) | roleAllow;
  const own = overwrites.find((o) => o.type === 1 && o.id === subject.userId);
  if (own) bits = (bits & ~own.deny) | own.allow;
  if ((bits & Permission.ViewChannel) === 0n) return 0n;
  if (isTextChannel && (bits & Permission.SendMessages) === 0n) {
    bits &= ~(Permission.SendTTSMessages | Permission.MentionEveryone | Permission.EmbedLinks | Permission.AttachFiles);
  }
  return bits;
}
