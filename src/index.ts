import { loadEnvFile } from './env-file.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { startBot, type BotHandle } from './discord/bot.ts';
import { createLogger, type Logger } from './logger.ts';
import { startRole } from './scale/roles.ts';
import { openStore, type Store } from './store/index.ts';
import { describeStoreError, watchStoreFaults } from './store/store-errors.ts';

const TOKEN_HELP = `newsbot needs a Discord bot token to start.

  1. Open https://discord.com/developers/applications and create an application (or pick yours).
  2. Under "Bot", press "Reset Token" and copy the token.
  3. Put it in a file named .env next to package.json:
       DISCORD_TOKEN=your-token-here
  4. Invite the bot with the "bot" and "applications.commands" scopes (OAuth2 → URL Generator),
     with the permissions View Channels, Send Messages and Embed Links.
  5. Run npm start again.

See .env.example for every other setting.`;

/** Start-up: config → store → Discord client → command registration → scheduler; SIGINT/SIGTERM stop it cleanly. */
async function main(): Promise<void> {
  loadEnvFile();
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n\nFix the setting in .env (see .env.example) and start again.\n`);
      process.exit(1);
    }
    throw err;
  }
  if (!config.discordToken) {
    process.stderr.write(`${TOKEN_HELP}\n`);
    process.exit(1);
  }
  const log = createLogger(config.logLevel, [config.discordToken]);
  if (config.role !== 'all' || config.queueUrl) {
    await runRole(config, log);
    return;
  }
  let store: Store;
  try {
    store = await openStore(config.storeUrl, { prefix: config.keyPrefix });
  } catch (err) {
    const reason = describeStoreError(err, config.storeUrl);
    log.fatal({ err: (err as Error).message }, 'cannot open the store');
    process.stderr.write(`newsbot cannot start: ${reason}\n`);
    process.exit(1);
  }
  let bot: BotHandle | undefined;
  let stopping = false;
  /** Lets running commands and the running poll finish (they answer members), then closes the store and exits. */
  const shutdown = async (code: number) => {
    await bot?.stop().catch((err: unknown) => log.error({ err: (err as Error).message }, 'error while stopping'));
    await store.close().catch(() => undefined);
    process.exit(code);
  };
  // A disk that fills up (or a database that can no longer be written) while the bot runs: going on would answer
  // members and read feeds while keeping nothing, so the operator gets one clear line and the bot stops.
  store = watchStoreFaults(store, (err) => {
    if (stopping) return;
    stopping = true;
    const reason = describeStoreError(err, config.storeUrl);
    log.fatal({ err: (err as Error).message }, `stopping: ${reason}`);
    process.stderr.write(`newsbot stopped: ${reason}\n`);
    void shutdown(1);
  });
  try {
    bot = await startBot({ config, store, log });
  } catch (err) {
    if (stopping) return;
    const message = (err as Error).message;
    const hint = /TokenInvalid|invalid token|401/i.test(message) ? ' Discord refused the token: copy it again from the developer portal into .env.' : '';
    log.fatal({ err: message }, `could not connect to Discord.${hint}`);
    await store.close();
    process.exit(1);
  }
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: finishing the running poll, then closing the store');
    await shutdown(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/** ROLE=gateway / worker, or everything in one process with the BullMQ queue (see README "Running at scale"). */
async function runRole(config: Config, log: Logger): Promise<void> {
  let running;
  try {
    running = await startRole(config, log);
  } catch (err) {
    log.fatal({ err: (err as Error).message, role: config.role }, 'could not start');
    process.exit(1);
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, role: config.role }, 'shutting down: finishing running jobs');
    await running.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

void main();
