import { Client, Events, GatewayIntentBits } from 'discord.js';
import type { App } from '../app.ts';
import { commands } from '../commands/index.ts';
import type { CommandContext } from '../commands/command.ts';
import { deliverPending } from '../jobs/deliver.ts';
import { PollJob } from '../jobs/poll.ts';
import { createAlertPort } from './alert-port.ts';
import { refreshGuildDetails, rememberGuildDetails } from './events/guild-details.ts';
import { forgetDepartedGuilds, onGuildDelete } from './events/guild-delete.ts';
import { handleInteraction, MalformedInteractions } from './events/interaction-create.ts';
import { createRateLimiter } from './rate-limit.ts';
import { registerCommands } from './register-commands.ts';

export interface BotHandle {
  client: Client;
  ctx: CommandContext;
  pollJob: PollJob;
  /** Resolves when the commands and server removals under way have finished (what `stop` waits for). */
  idle(): Promise<void>;
  /** Stops the scheduler, lets a running cycle and running commands finish, and disconnects. The store is the app's to close. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Start the node-cron schedule (tests drive cycles themselves; the gateway role leaves polling to workers). */
  schedule?: boolean;
  /** Drain the outbox at start-up; off for the gateway role, where workers own delivery. */
  deliverAtStart?: boolean;
}

/**
 * The gateway side of the bot: connects to Discord (or a Discord-compatible server at DISCORD_API_URL),
 * registers the slash commands when they changed, answers interactions, and (in the single process) runs the
 * poll schedule.
 */
export async function startBot(app: App, opts: StartOptions = {}): Promise<BotHandle> {
  const { config, store, log } = app;
  if (!config.discordToken) throw new Error('DISCORD_TOKEN is not set');
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: config.discordApiUrl ? { api: config.discordApiUrl } : {},
  });
  client.rest.setToken(config.discordToken);
  // Alerts post through a REST client of their own, so interaction replies never queue behind a poll's alerts.
  const discord = createAlertPort(config, client);
  const jobs = app.context(discord);
  const pollJob = new PollJob(jobs);
  const ctx: CommandContext = { ...jobs, client, pollJob, rateLimit: createRateLimiter(app.now) };
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
  const malformed = new MalformedInteractions();

  client.on(Events.Raw, (packet: { t?: string; d?: unknown }) => malformed.inspect(packet));
  client.on(Events.InteractionCreate, (interaction) => track(handleInteraction(interaction, byName, ctx, malformed.take(interaction.id))));
  client.on(Events.GuildDelete, (guild) => track(onGuildDelete(guild, store, log)));
  client.on(Events.GuildUpdate, (_old, guild) => track(rememberGuildDetails(store, guild.id, guild.preferredLocale, guild.name).catch(() => undefined)));
  client.on(Events.Error, (err) => log.error({ err: err.message }, 'Discord client error'));

  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(config.discordToken);
  await ready;
  const appId = client.application?.id ?? client.user?.id;
  if (!appId) throw new Error('Discord did not tell the bot its application id');
  await registerCommands({ rest: client.rest, appId, config, log, claims: store.claims });
  track(forgetDepartedGuilds(client, store, log));
  // Awaited (it never throws): a poll or a start-up delivery that begins before it ends renders in the language
  // the server had before the bot went offline.
  await refreshGuildDetails(client, store, log);
  // Alerts a previous run queued but did not confirm go out now, not at the next tick.
  if (opts.deliverAtStart ?? true) await deliverPending(jobs).catch((err: unknown) => log.error({ err: (err as Error).message }, 'could not drain the outbox at start-up'));
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
