// Everything the fake Discord knows at a moment: the bot, its guilds, registered commands, messages and
// interactions. REST handlers, the gateway and the test controls all read and change this one object.

import { EventEmitter } from 'node:events';
import {
  buildGuildState,
  isTextBased,
  memberChannelPermissions,
  type ChannelState,
  type GuildSpec,
  type GuildState,
  type MemberState,
  type UserState,
} from './discord-model.ts';
import { Permission } from './discord-permissions.ts';
import type { PingContext, StoredMessage } from './discord-messages.ts';
import type { InteractionState } from './discord-interactions.ts';

/** An application command as Discord stores and returns it. */
export interface RegisteredCommand {
  id: string;
  application_id: string;
  guild_id?: string;
  name: string;
  description: string;
  type: number;
  options?: CommandOptionSchema[];
  default_member_permissions: string | null;
  dm_permission?: boolean;
  contexts?: number[] | null;
  integration_types?: number[];
  nsfw: boolean;
  version: string;
  [key: string]: unknown;
}

export interface CommandOptionSchema {
  name: string;
  description: string;
  type: number;
  required?: boolean;
  autocomplete?: boolean;
  choices?: { name: string; value: string | number }[];
  channel_types?: number[];
  options?: CommandOptionSchema[];
  [key: string]: unknown;
}

export interface RequestRecord {
  method: string;
  /** Path after /api/vN, e.g. /channels/123/messages. */
  path: string;
  route: string;
  status: number;
  at: number;
  body: unknown;
}

export interface CommandsRegisteredEvent {
  guildId: string | null;
  commands: RegisteredCommand[];
}

export interface InteractionResponseEvent {
  interactionId: string;
  commandName: string;
  kind: 'callback' | 'edit' | 'followUp' | 'delete';
  callbackType?: number;
  message?: StoredMessage;
}

/** A direct-message channel between the bot and one member (Discord channel type 1). */
export interface DmChannelState {
  id: string;
  recipient: UserState;
}

export class DiscordWorld {
  readonly events = new EventEmitter();
  readonly bot: UserState;
  readonly applicationId: string;
  readonly token: string;
  readonly guilds = new Map<string, GuildState>();
  readonly messages: StoredMessage[] = [];
  readonly globalCommands: RegisteredCommand[] = [];
  readonly guildCommands = new Map<string, RegisteredCommand[]>();
  readonly interactions = new Map<string, InteractionState>();
  readonly requests: RequestRecord[] = [];
  readonly deletedChannels = new Set<string>();
  /** DM channels the bot opened (POST /users/@me/channels): channel id → the member on the other side. */
  readonly dmChannels = new Map<string, DmChannelState>();
  /** Members who no longer accept direct messages from server members: posting to them answers 50007. */
  readonly closedDirectMessages = new Set<string>();
  /** Aborted when the server closes, so pending waits end at once instead of at their timeout. */
  readonly closed = new AbortController();

  constructor(token: string, bot: UserState, guildSpecs: readonly GuildSpec[]) {
    this.token = token;
    this.bot = bot;
    this.applicationId = bot.id;
    this.events.setMaxListeners(0);
    for (const spec of guildSpecs) {
      const guild = buildGuildState(spec, bot);
      this.guilds.set(guild.id, guild);
    }
  }

  findChannel(channelId: string): { guild: GuildState; channel: ChannelState } | null {
    for (const guild of this.guilds.values()) {
      const channel = guild.channels.get(channelId);
      if (channel) return { guild, channel };
    }
    return null;
  }

  /** Whether the bot is (still) a member: a server that removed it keeps the application's commands. */
  botIsIn(guild: GuildState): boolean {
    return guild.members.has(this.bot.id);
  }

  /** A user the bot shares a server with (Discord opens DMs only with users it can see). */
  findUser(userId: string): UserState | null {
    for (const guild of this.guilds.values()) {
      const member = guild.members.get(userId);
      if (member && this.botIsIn(guild)) return member.user;
    }
    return null;
  }

  /** Discord returns the existing DM channel with a user rather than opening a second one. */
  openDmChannel(recipient: UserState, id: () => string): DmChannelState {
    for (const dm of this.dmChannels.values()) if (dm.recipient.id === recipient.id) return dm;
    const dm = { id: id(), recipient };
    this.dmChannels.set(dm.id, dm);
    return dm;
  }

  botMember(guild: GuildState): MemberState {
    const member = guild.members.get(this.bot.id);
    if (!member) throw new Error(`the bot is not a member of guild ${guild.id}`);
    return member;
  }

  botPermissionsIn(guild: GuildState, channel: ChannelState): bigint {
    return memberChannelPermissions(guild, this.botMember(guild), channel);
  }

  pingContextFor(guild: GuildState | null, channel: ChannelState | null, asWebhook: boolean): PingContext {
    const mentionableRoleIds = new Set([...(guild?.roles.values() ?? [])].filter((r) => r.mentionable).map((r) => r.id));
    // Interaction replies go out as webhook messages; assume the worst (they may ping @everyone) so a
    // bot that forgets allowed_mentions is caught by tests.
    const canMentionEveryone =
      asWebhook || (guild !== null && channel !== null && (this.botPermissionsIn(guild, channel) & Permission.MentionEveryone) !== 0n);
    return { canMentionEveryone, mentionableRoleIds };
  }

  storeMessage(message: StoredMessage): void {
    this.messages.push(message);
  }

  channelIsTextBased(channel: ChannelState): boolean {
    return isTextBased(channel);
  }

  commandsFor(guildId: string | null): RegisteredCommand[] {
    return guildId === null ? this.globalCommands : (this.guildCommands.get(guildId) ?? []);
  }

  setCommands(guildId: string | null, commands: RegisteredCommand[]): void {
    if (guildId === null) this.globalCommands.splice(0, this.globalCommands.length, ...commands);
    else this.guildCommands.set(guildId, commands);
    this.events.emit('commandsRegistered', { guildId, commands } satisfies CommandsRegisteredEvent);
  }

  /** The command a user would see in a guild: a guild command shadows a global one of the same name. */
  findCommand(guildId: string | null, name: string, type = 1): RegisteredCommand | null {
    const inGuild = guildId === null ? undefined : this.guildCommands.get(guildId)?.find((c) => c.name === name && c.type === type);
    return inGuild ?? this.globalCommands.find((c) => c.name === name && c.type === type) ?? null;
  }
}
