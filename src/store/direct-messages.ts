import type Keyv from 'keyv';
import type { StoreLocks } from './locks.ts';

/** What the bot knows about one member's direct messages, across every server it shares with them. */
export interface DirectMessageState {
  /** The DM channel Discord opened with the member (it is the same channel for good, so it is kept). */
  channelId?: string;
  /**
   * Set when Discord refused a DM (the member closed DMs from server members, 50007): their DM alerts are
   * not planned or sent until they ask for DM delivery again.
   */
  paused?: { since: string; code?: number };
  /** When the member was told about the pause (told once, at their next command). */
  toldAt?: string;
  /** The member's Discord locale when they last asked for DM alerts: the language of their DM alerts. */
  locale?: string;
}

/** The outbox target of a member's DM alerts, before it is resolved to their DM channel. */
export function dmTarget(userId: string): string {
  return `dm:${userId}`;
}

/**
 * Where a member's DM digest collects: their DM target and the server channel whose mode it follows, so the
 * digest goes out on that channel's period.
 */
export function dmDigestKey(target: string, modeChannelId: string): string {
  return `${target}|${modeChannelId}`;
}

/** The server channel a digest key's mode comes from: the channel itself, or for a DM digest the one it follows. */
export function digestModeChannel(key: string): string {
  return dmUserOf(key) ? key.slice(key.indexOf('|') + 1) : key;
}

/** The member a DM target (or an outbox id that starts with one) is for. */
export function dmUserOf(target: string): string | undefined {
  if (!target.startsWith('dm:')) return undefined;
  const end = target.indexOf('|');
  return target.slice(3, end < 0 ? undefined : end) || undefined;
}

/** Per member: their DM channel and whether DM delivery is paused. */
export class DirectMessageRepository {
  constructor(
    private readonly kv: Keyv,
    private readonly locks: StoreLocks,
  ) {}

  async get(userId: string): Promise<DirectMessageState> {
    return (await this.kv.get<DirectMessageState>(userId)) ?? {};
  }

  async rememberChannel(userId: string, channelId: string): Promise<void> {
    await this.update(userId, (s) => {
      s.channelId = channelId;
    });
  }

  async pause(userId: string, at: Date, code?: number): Promise<void> {
    await this.update(userId, (s) => {
      s.paused ??= { since: at.toISOString(), ...(code === undefined ? {} : { code }) };
    });
  }

  async rememberLocale(userId: string, locale: string): Promise<void> {
    if ((await this.get(userId)).locale === locale) return;
    await this.update(userId, (s) => {
      s.locale = locale;
    });
  }

  /** The member asked for DM delivery again: send on the next alert. */
  async resume(userId: string): Promise<boolean> {
    let was = false;
    await this.update(userId, (s) => {
      was = !!s.paused;
      delete s.paused;
      delete s.toldAt;
    });
    return was;
  }

  /** True exactly once per pause: the caller tells the member. */
  async takeNotice(userId: string, at: Date): Promise<boolean> {
    const current = await this.get(userId);
    if (!current.paused || current.toldAt) return false;
    let take = false;
    await this.update(userId, (s) => {
      take = !!s.paused && !s.toldAt;
      if (take) s.toldAt = at.toISOString();
    });
    return take;
  }

  private async update(userId: string, change: (s: DirectMessageState) => void): Promise<void> {
    await this.locks.run(`direct-messages:${userId}`, async () => {
      const state = await this.get(userId);
      change(state);
      await this.kv.set(userId, state);
    });
  }
}
