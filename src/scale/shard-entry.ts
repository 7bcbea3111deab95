// The file discord.js's ShardingManager runs once per shard (ROLE=gateway, SHARD_COUNT auto or > 1). The
// manager passes the shard ids in the environment; the discord.js Client reads them by itself.
import { loadEnvFile } from '../env-file.ts';
import { loadConfig } from '../config.ts';
import { startBot } from '../discord/bot.ts';
import { createLogger } from '../logger.ts';
import { openStore } from '../store/index.ts';

loadEnvFile();
const config = loadConfig();
const log = createLogger(config.logLevel, config.discordToken ? [config.discordToken] : []);
const store = await openStore(config.storeUrl, { prefix: config.keyPrefix });
const bot = await startBot({ config, store, log, schedule: false, deliverAtStart: false });
const stop = async () => {
  await bot.stop().catch(() => undefined);
  await store.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
