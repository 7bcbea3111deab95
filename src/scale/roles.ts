import { fileURLToPath } from 'node:url';
import { REST, Routes, ShardingManager } from 'discord.js';
import type { Config } from '../config.ts';
import { fetchOptionsOf, type AppContext } from '../context.ts';
import { startBot } from '../discord/bot.ts';
import type { Logger } from '../logger.ts';
import { openStore, type Store } from '../store/index.ts';
import { restDiscordPort } from './discord-rest.ts';
import { openQueues, startWorker } from './jobs.ts';

export interface RunningRole {
  stop(): Promise<void>;
}

const SHARD_ENTRY = fileURLToPath(new URL('./shard-entry.ts', import.meta.url));

/**
 * Starts what ROLE asks for. `all` without a queue is the single process of old (node-cron, in-process
 * delivery), handled by the caller; here: `all` with a queue (gateway + worker in one process), `gateway`
 * (commands and interactions, sharded when SHARD_COUNT is auto or > 1) and `worker` (jobs over REST only).
 */
export async function startRole(config: Config, log: Logger): Promise<RunningRole> {
  if (!config.discordToken) throw new Error('DISCORD_TOKEN is not set');
  if (config.role === 'gateway') return startGateway(config, log);
  const store = await openStore(config.storeUrl, { prefix: config.keyPrefix });
  const stops: (() => Promise<void>)[] = [];
  try {
    if (config.role === 'all') {
      const bot = await startBot({ config, store, log, schedule: false, deliverAtStart: false });
      stops.push(() => bot.stop());
      stops.unshift(startJobs(config, store, log, bot.ctx.discord));
    } else {
      stops.push(startJobs(config, store, log, restDiscordPort(config.discordToken, config.discordApiUrl)));
      log.info('worker ready: polling and delivery through the job queue, Discord through REST');
    }
  } catch (err) {
    await store.close();
    throw err;
  }
  return {
    async stop() {
      for (const stop of stops) await stop().catch((err: unknown) => log.error({ err: (err as Error).message }, 'error while stopping'));
      await store.close();
    },
  };
}

function startJobs(config: Config, store: Store, log: Logger, discord: AppContext['discord']): () => Promise<void> {
  const queueUrl = config.queueUrl!;
  const ctx: AppContext = { config, store, log, now: () => new Date(), fetch: fetchOptionsOf(config), discord };
  const queues = openQueues(queueUrl, config.keyPrefix);
  const worker = startWorker(ctx, queues, {
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

async function startGateway(config: Config, log: Logger): Promise<RunningRole> {
  const shards = config.shardCount === 'auto' ? await recommendedShards(config) : config.shardCount;
  if (shards <= 1) {
    const store = await openStore(config.storeUrl, { prefix: config.keyPrefix });
    const bot = await startBot({ config, store, log, schedule: false, deliverAtStart: false });
    return {
      async stop() {
        await bot.stop();
        await store.close();
      },
    };
  }
  // One process per shard, each running shard-entry.ts (a gateway on its share of the servers).
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
