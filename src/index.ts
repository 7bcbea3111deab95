import { createApp, type App } from './app.ts';
import { loadEnvFile } from './env-file.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createLogger, type Logger } from './logger.ts';
import { gatewayShards, runRole, runShardManager, type RunningRole } from './scale/roles.ts';
import { describeStoreError } from './store/store-errors.ts';

const TOKEN_HELP = `newsbot needs a Discord bot token to start.

  1. Open https://discord.com/developers/applications and create an application (or pick yours).
  2. Under "Bot", press "Reset Token" and copy the token.
  3. Put it in a file named .env next to package.json:
       DISCORD_TOKEN=your-token-here
  4. Invite the bot with the "bot" and "applications.commands" scopes (OAuth2 → URL Generator),
     with the permissions View Channels, Send Messages and Embed Links (and Create Public
     Threads and Send Messages in Threads, for a story's "More coverage" thread).
  5. Run npm start again.

See .env.example for every other setting.`;

/** Start-up: config → app (store, logger, clock) → the role's parts; SIGINT/SIGTERM and store faults stop it cleanly. */
async function main(): Promise<void> {
  loadEnvFile();
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) fail(`${err.message}\n\nFix the setting in .env (see .env.example) and start again.`);
    throw err;
  }
  if (!config.discordToken) fail(TOKEN_HELP);
  const log = createLogger(config.logLevel, [config.discordToken]);
  if (config.role === 'gateway') {
    const shards = await gatewayShards(config).catch((err: unknown) => cannotReachDiscord(log, err));
    if (shards > 1) return handleSignals(log, config, await runShardManager(config, shards, log), async () => undefined);
  }

  let stopping = false;
  let running: RunningRole | undefined;
  let app: App;
  const shutdown = async (code: number) => {
    await running?.stop().catch((err: unknown) => log.error({ err: (err as Error).message }, 'error while stopping'));
    await app?.close();
    process.exit(code);
  };
  try {
    app = await createApp(config, config.role, {
      log,
      // A disk that fills up (or a database that can no longer be written) while the bot runs: going on would
      // answer members and read feeds while keeping nothing, so the operator gets one clear line and it stops.
      onStoreFault: (err) => {
        if (stopping) return;
        stopping = true;
        const reason = describeStoreError(err, config.storeUrl);
        log.fatal({ err: (err as Error).message }, `stopping: ${reason}`);
        process.stderr.write(`newsbot stopped: ${reason}\n`);
        void shutdown(1);
      },
    });
  } catch (err) {
    const reason = describeStoreError(err, config.storeUrl);
    log.fatal({ err: (err as Error).message }, 'cannot open the store');
    fail(`newsbot cannot start: ${reason}`);
  }
  try {
    running = await runRole(app);
  } catch (err) {
    if (stopping) return;
    await app.close();
    cannotReachDiscord(log, err);
  }
  handleSignals(log, config, running, () => app.close(), () => {
    if (stopping) return false;
    stopping = true;
    return true;
  });
}

function handleSignals(log: Logger, config: Config, running: RunningRole, close: () => Promise<void>, claimStop: () => boolean = () => true): void {
  const stop = async (signal: string) => {
    if (!claimStop()) return;
    log.info({ signal, role: config.role }, 'shutting down: finishing running work, then closing the store');
    await running.stop().catch((err: unknown) => log.error({ err: (err as Error).message }, 'error while stopping'));
    await close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/** Start-up could not reach Discord or was refused: one plain sentence for the operator, and the JSON log line. */
function cannotReachDiscord(log: Logger, err: unknown): never {
  const message = err instanceof Error ? err.message : String(err);
  const refused = /TokenInvalid|invalid token|401/i.test(message);
  const hint = refused
    ? 'Discord refused the token: copy it again from the developer portal into .env.'
    : 'Check the network connection (and DISCORD_API_URL, if set), then start again.';
  log.fatal({ err: message }, `could not connect to Discord. ${hint}`);
  fail(`newsbot could not connect to Discord (${message}). ${hint}`);
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

void main();
