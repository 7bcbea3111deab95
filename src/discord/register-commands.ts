import { createHash } from 'node:crypto';
import { REST, Routes } from 'discord.js';
import { commands } from '../commands/index.ts';
import { localizeCommands } from '../i18n/localize-commands.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Claims } from '../store/claims.ts';

/** A definition registered by hand in the portal (or deleted there) is put right by itself after this long. */
const REGISTERED_FOR_MS = 30 * 24 * 3_600_000;

export interface RegisterOptions {
  rest: REST;
  appId: string;
  config: Pick<Config, 'discordGuildId'>;
  log: Logger;
  /** Where "this exact definition is registered" is remembered, so every start and every shard does not re-send it. */
  claims?: Claims;
  /** Registers even when the same definition was registered before (npm run deploy-commands). */
  force?: boolean;
}

/** The slash-command definitions as Discord receives them, with a hash that changes whenever one of them does. */
export function commandDefinitions(): { body: unknown[]; hash: string } {
  const body = localizeCommands(commands.map((c) => c.data.toJSON()));
  return { body, hash: createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 32) };
}

/**
 * Registers the slash commands (to DISCORD_GUILD_ID when set, so changes show at once; globally otherwise) when
 * their definitions changed since the last registration, as the discord.js guide advises: Discord rate-limits
 * command updates, and a sharded bot would otherwise send the same list once per shard at every start.
 */
export async function registerCommands(opts: RegisterOptions): Promise<'registered' | 'unchanged'> {
  const { body, hash } = commandDefinitions();
  const scope = opts.config.discordGuildId ? `guild ${opts.config.discordGuildId}` : 'global';
  const marker = `commands:${opts.appId}:${opts.config.discordGuildId ?? 'global'}:${hash}`;
  const owner = `registered-${hash}`;
  if (!opts.force && opts.claims && !(await opts.claims.claim(marker, REGISTERED_FOR_MS, owner))) {
    opts.log.info({ count: body.length, scope }, 'slash commands unchanged since they were registered');
    return 'unchanged';
  }
  const route = opts.config.discordGuildId ? Routes.applicationGuildCommands(opts.appId, opts.config.discordGuildId) : Routes.applicationCommands(opts.appId);
  try {
    await opts.rest.put(route, { body });
  } catch (err) {
    // Not registered after all: the next start tries again.
    await opts.claims?.release(marker, owner).catch(() => undefined);
    throw err;
  }
  if (opts.force && opts.claims) await opts.claims.claim(marker, REGISTERED_FOR_MS, owner).catch(() => false);
  opts.log.info({ count: body.length, scope }, 'slash commands registered');
  return 'registered';
}
