// The file discord.js's ShardingManager runs once per shard (ROLE=gateway, SHARD_COUNT auto or > 1). The
// manager passes the shard ids in the environment; the discord.js Client reads them by itself.
import { createApp } from '../app.ts';
import { loadEnvFile } from '../env-file.ts';
import { loadConfig } from '../config.ts';
import { runRole } from './roles.ts';

loadEnvFile();
const app = await createApp(loadConfig(), 'shard');
const running = await runRole(app);
const stop = async () => {
  await running.stop().catch(() => undefined);
  await app.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
