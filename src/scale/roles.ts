import { fileURLToPath } from 'node:url';
import { REST, Routes, ShardingManager } from 'discord.js';
import type { App } from '../app.ts';
import type { Config } from '../config.ts';
import { startBot } from '../discord/bot.ts';
import type { DiscordPort } from '../context.ts';
import type { Logger } from '../logger.ts';
import { restDiscordPort } from './discord-rest.ts';
import { openQueues, startWorker } from './jobs.ts';

export interface RunningRole {
  /** Lets running work finish, then disconnects. The app (store, pool) is closed by its owner afterwards. */
  stop(): Promise<void>;
}

const SHARD_ENTRY = fileURLToPath(new URL('./shard-entry.ts', import.meta.url));

/**
 * Starts what the app's role asks for: `all` (gateway and jobs in one process: node-cron and in-process
 * delivery, or the BullMQ job loop when a queue is configured), `gateway`/`shard` (commands and interactions;
 * polling and delivery are the workers'), `worker` (the job loop, Discord through REST only).
 */
export async function runRole(app: App): Promise<RunningRole> {
  const { config, log } = app;
  if (!config.discordToken) throw new Error('DISCORD_TOKEN is not set');
  if (app.role === 'worker') {
    const jobs = startJobs(app, restDiscordPort(config.discordToken, config.discordApiUrl));
    log.info('worker ready: polling and delivery through the job queue, Discord through REST');
    return { stop: jobs };
  }
  if (app.role === 'all' && !config.queueUrl) {
    const bot = await startBot(app);
    return { stop: () => bot.stop() };
  }
  const bot = await startBot(app, { schedule: false, deliverAtStart: false });
  if (app.role === 'gateway' || app.role === 'shard') return { stop: () => bot.stop() };
  const jobs = startJobs(app, bot.ctx.discord);
  return {
    async stop() {
      await jobs().catch((err: unknown) => log.error({ err: (err as Error).message }, 'error while stopping the job loop'));
      await bot.stop();
    },
  };
}

function startJobs(app: App, discord: DiscordPort): () => Promise<void> {
  const { config } = app;
  const queueUrl = config.queueUrl;
  if (!queueUrl) throw new Error('ROLE=worker needs QUEUE_URL (or a redis:// STORE_URL) for the job queue');
  const queues = openQueues(queueUrl, config.keyPrefix);
  const worker = startWorker(app.context(discord), queues, {
    queueUrl,
    prefix: config.keyPrefix,
    feedConcurrency: config.pollConcurrency,
    lockMs: config.queueLockMs,
    schedule: true,
  });
  return async () => {
    await worker.stop();
    await queues.close();
  };
}

/** How many gateway shards ROLE=gateway runs: SHARD_COUNT, or Discord's recommendation for `auto`. */
export async function gatewayShards(config: Config): Promise<number> {
  return config.shardCount === 'auto' ? recommendedShards(config) : config.shardCount;
}

/** ROLE=gateway with several shards: one process per shard, each running shard-entry.ts (ROLE=shard). */
export async function runShardManager(config: Config, shards: number, log: Logger): Promise<RunningRole> {
  const manager = new ShardingManager(SHARD_ENTRY, {
    token: config.discordToken,
    totalShards: shards,
    mode: 'process',
    execArgv: ['--import', 'tsx'],
    respawn: true,
  });
  manager.on('shardCreate', (shard) => log.info({ shard: shard.id, of: shards }, 'gateway shard started'));
  await manager.spawn({ amount: shards, timeout: 60_000 });
  return {
    async stop() {
      for (const shard of manager.shards.values()) shard.kill();
    },
  };
}

/**
 * Discord's recommended shard count, asked through the configured API base (ShardingManager's own 'auto'
 * always asks discord.com, which a Discord-compatible test server is not).
 */
async function recommendedShards(config: Config): Promise<number> {
  const rest = new REST(config.discordApiUrl ? { api: config.discordApiUrl } : {}).setToken(config.discordToken!);
  const answer = (await rest.get(Routes.gatewayBot())) as { shards?: number };
  return Math.max(1, answer.shards ?? 1);
}
