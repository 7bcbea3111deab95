import { Client, Events, GatewayIntentBits, MessageFlags, PermissionFlagsBits, Routes, type Interaction } from 'discord.js';
import { commands } from '../commands/index.ts';
import { UserError, type Command, type CommandContext } from '../commands/command.ts';
import type { Config } from '../config.ts';
import { fetchOptionsOf, type AppContext, type DiscordPort } from '../context.ts';
import { deliverPending } from '../jobs/deliver.ts';
import { PollJob } from '../jobs/poll.ts';
import type { Logger } from '../logger.ts';
import { forgetGuild } from '../store/guilds.ts';
import type { Store } from '../store/index.ts';
import { isFatalStoreError } from '../store/store-errors.ts';
import { defuseMalformedOptions, describeOptionProblem, OUTDATED_HINT } from './interaction-shape.ts';
import { createRateLimiter } from './rate-limit.ts';

export interface BotHandle {
  client: Client;
  ctx: CommandContext;
  pollJob: PollJob;
  /** Resolves when the commands and server removals under way have finished (what `stop` waits for). */
  idle(): Promise<void>;
  /** Stops the scheduler, lets a running cycle and running commands finish, and disconnects. The store is the caller's to close. */
  stop(): Promise<void>;
}

export interface StartOptions {
  config: Config;
  store: Store;
  log: Logger;
  now?: () => Date;
  /** Start the node-cron schedule (tests drive cycles themselves). */
  schedule?: boolean;
  /** Drain the outbox at start-up; off for ROLE=gateway, where workers own delivery. */
  deliverAtStart?: boolean;
}

/**
 * Connects to Discord (or a Discord-compatible server at DISCORD_API_URL), registers the slash commands
 * (to DISCORD_GUILD_ID when set, so changes show at once; globally otherwise) and answers interactions.
 */
export async function startBot(opts: StartOptions): Promise<BotHandle> {
  const { config, store, log } = opts;
  if (!config.discordToken) throw new Error('DISCORD_TOKEN is not set');
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: config.discordApiUrl ? { api: config.discordApiUrl } : {},
  });
  client.rest.setToken(config.discordToken);
  const discord: DiscordPort = {
    async send(channelId, body) {
      return (await client.rest.post(Routes.channelMessages(channelId), { body })) as { id: string };
    },
    systemChannelOf(guildId) {
      return client.guilds.cache.get(guildId)?.systemChannelId ?? undefined;
    },
  };
  const app: AppContext = { config, store, log, now: opts.now ?? (() => new Date()), fetch: fetchOptionsOf(config), discord };
  const pollJob = new PollJob(app);
  const ctx: CommandContext = { ...app, client, pollJob, rateLimit: createRateLimiter(app.now) };
  const byName = new Map(commands.map((c) => [c.data.name, c]));
  // Work started by gateway events, so `stop` (and a test) can wait for it instead of cutting it off.
  const running = new Set<Promise<void>>();
  const track = (work: Promise<void>) => {
    running.add(work);
    void work.finally(() => running.delete(work));
  };
  const idle = async () => {
    while (running.size) await Promise.allSettled([...running]);
  };
  const malformed = new Set<string>();

  client.on(Events.Raw, (packet: { t?: string; d?: unknown }) => {
    if (packet.t !== 'INTERACTION_CREATE') return;
    const id = defuseMalformedOptions(packet.d);
    if (id) {
      if (malformed.size > 1000) malformed.clear();
      malformed.add(id);
    }
  });
  client.on(Events.InteractionCreate, (interaction) => {
    track(handleInteraction(interaction, byName, ctx, malformed.delete(interaction.id)));
  });
  client.on(Events.GuildDelete, (guild) => {
    // Being removed from a server forgets what it set up (see forgetGuild); an outage ("unavailable") does not.
    if (guild.available === false) return;
    log.info({ guild: guild.id }, 'removed from a server; forgetting its follows, settings and queued alerts');
    track(forgetGuild(store, guild.id).catch((err: unknown) => log.error({ guild: guild.id, err: (err as Error).message }, 'could not forget a server')));
  });
  client.on(Events.Error, (err) => log.error({ err: err.message }, 'Discord client error'));

  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(config.discordToken);
  await ready;
  await registerCommands(client, config, log);
  track(forgetDepartedGuilds(client, store, log));
  // Alerts a previous run queued but did not confirm go out now, not at the next tick.
  if (opts.deliverAtStart ?? true) await deliverPending(app).catch((err: unknown) => log.error({ err: (err as Error).message }, 'could not drain the outbox at start-up'));
  if (opts.schedule ?? true) pollJob.start();
  log.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'bot ready');
  return {
    client,
    ctx,
    pollJob,
    idle,
    async stop() {
      await Promise.all([pollJob.stop(), idle()]);
      await client.destroy();
    },
  };
}

/**
 * A server that removed the bot while it was offline sent no GUILD_DELETE this process could see, but it is
 * missing from READY, which lists every server the bot is in (an outage lists it as unavailable). Those are
 * forgotten as a live removal would be; with shards, each shard judges only the servers Discord routes to it.
 */
async function forgetDepartedGuilds(client: Client, store: Store, log: Logger): Promise<void> {
  try {
    const count = client.shard?.count ?? 1;
    const mine = new Set(client.shard?.ids ?? [0]);
    const known = new Set([...(await store.guilds.listAll()).map((g) => g.guildId), ...(await store.subscriptions.listAll()).map((s) => s.guildId)]);
    for (const guildId of known) {
      if (client.guilds.cache.has(guildId) || !/^\d{15,21}$/.test(guildId)) continue;
      if (!mine.has(Number((BigInt(guildId) >> 22n) % BigInt(count)))) continue;
      log.info({ guild: guildId }, 'removed from a server while offline; forgetting its follows, settings and queued alerts');
      await forgetGuild(store, guildId);
    }
  } catch (err) {
    log.error({ err: (err as Error).message }, 'could not check for servers that removed the bot while it was offline');
  }
}

async function registerCommands(client: Client, config: Config, log: Logger): Promise<void> {
  const body = commands.map((c) => c.data.toJSON());
  const appId = client.application?.id ?? client.user?.id;
  if (!appId) throw new Error('Discord did not tell the bot its application id');
  const route = config.discordGuildId ? Routes.applicationGuildCommands(appId, config.discordGuildId) : Routes.applicationCommands(appId);
  await client.rest.put(route, { body });
  log.info({ count: body.length, scope: config.discordGuildId ? `guild ${config.discordGuildId}` : 'global' }, 'slash commands registered');
}

async function handleInteraction(interaction: Interaction, byName: Map<string, Command>, ctx: CommandContext, unreadable: boolean): Promise<void> {
  if (interaction.isAutocomplete()) {
    if (unreadable) return;
    const command = byName.get(interaction.commandName);
    try {
      await command?.autocomplete?.(interaction, ctx);
    } catch (err) {
      ctx.log.warn({ command: interaction.commandName, err: (err as Error).message }, 'autocomplete failed');
    }
    return;
  }
  if (!interaction.isChatInputCommand()) return;
  const command = byName.get(interaction.commandName);
  try {
    // An older or hand-made command: answered in plain words, never handed to a command that did not declare it.
    const problem = !command
      ? `I have no /${interaction.commandName} command.`
      : unreadable
        ? `/${interaction.commandName} arrived in a shape I cannot read.`
        : describeOptionProblem(interaction.commandName, command.data.toJSON().options ?? [], interaction.options.data);
    if (problem || !command) {
      ctx.log.warn({ command: interaction.commandName, guild: interaction.guildId, problem }, 'command does not match its definition');
      throw new UserError(`${problem} ${OUTDATED_HINT}`);
    }
    if (command.adminOnly && !interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
      throw new UserError('Only members with the Manage Server permission can use this command.');
    }
    await command.execute(interaction, ctx);
  } catch (err) {
    const storeDown = isFatalStoreError(err);
    const userMessage =
      err instanceof UserError
        ? err.message
        : storeDown
          ? 'I could not save that: my database cannot be written right now (its disk is full or failing). Nothing of what you asked was saved; my operator has to fix this first, so please try again later.'
          : 'Sorry, something went wrong on my side. The error was logged; please try again later.';
    if (storeDown) {
      // The operator hears it once, from whoever stops the bot; no stack trace per command.
      ctx.log.error({ command: interaction.commandName, guild: interaction.guildId, err: (err as Error).message }, 'command failed: the store cannot be written');
    } else if (!(err instanceof UserError)) {
      ctx.log.error({ command: interaction.commandName, guild: interaction.guildId, err: (err as Error).message, stack: (err as Error).stack }, 'command failed');
    }
    try {
      if (interaction.deferred || interaction.replied) {
        if (interaction.deferred && !interaction.replied) await interaction.deleteReply().catch(() => undefined);
        await interaction.followUp({ content: userMessage, flags: MessageFlags.Ephemeral });
      } else {
        await interaction.reply({ content: userMessage, flags: MessageFlags.Ephemeral });
      }
    } catch (replyErr) {
      // An expired interaction token (after 15 minutes) cannot be answered any more; the log is all that is left.
      ctx.log.warn({ command: interaction.commandName, err: (replyErr as Error).message }, 'could not tell the member about an error');
    }
  }
}
