import { validate as isValidCron } from 'node-cron';
import { z } from 'zod';

/**
 * Every setting the bot reads, validated once at start-up. A wrong value stops start-up with a message
 * naming the variable and what is expected (see .env.example for the same list with comments).
 */
export interface Config {
  discordToken?: string;
  discordApiUrl?: string;
  discordGuildId?: string;
  storeUrl: string;
  /** SQLite: how long a write waits for another process holding the database before it fails as locked. */
  storeBusyTimeoutMs: number;
  pollCron: string;
  allowPrivateUrls: boolean;
  starterFeeds: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  fetchTimeoutMs: number;
  fetchMaxBytes: number;
  fetchMaxRedirects: number;
  pollConcurrency: number;
  pollPerHostConcurrency: number;
  /** Minutes of backlog a new feed or follow may still post; 0 means "only what is published from now on". */
  lookbackMinutes: number;
  /** An article dated this long before it first appeared in a feed is history, not news. */
  maxArticleAgeHours: number;
  /** How long a story can still gain outlets (same-story window). */
  storyWindowHours: number;
  /** Hours a feed may fail before admins are told it is broken. */
  feedFailingAlertHours: number;
  maxAlertsPerPoll: number;
  summarySentences: number;
  /** Threads that read fetched pages; 0 reads them on the main thread; undefined sizes the pool to the machine. */
  pageWorkers?: number;
  /** A page still being read after this long is abandoned, and its alert uses the feed's text. */
  pageDeadlineMs: number;
  /** What this process does: everything (default), the Discord gateway only, or jobs only (REST, no gateway). */
  role: 'all' | 'gateway' | 'worker';
  /** Gateway shards: 'auto' asks Discord; 1 runs the client in-process without a ShardingManager. */
  shardCount: number | 'auto';
  /** Redis for BullMQ jobs; undefined means in-process scheduling (node-cron) as in a single process. */
  queueUrl?: string;
  /** How long a worker holds a job before BullMQ considers it stalled and gives it to another worker. */
  queueLockMs: number;
  /** Prefix for queue and store keys, so several deployments (or test runs) can share one server. */
  keyPrefix?: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const bool = (name: string, fallback: boolean) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return fallback;
      const s = v.trim().toLowerCase();
      if (['1', 'true', 'yes', 'on'].includes(s)) return true;
      if (['0', 'false', 'no', 'off'].includes(s)) return false;
      ctx.addIssue({ code: 'custom', message: `${name} must be true or false, got "${v}"` });
      return z.NEVER;
    });

const int = (name: string, fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return fallback;
      const n = Number(v.trim());
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `${name} must be a whole number from ${min} to ${max}, got "${v}"` });
        return z.NEVER;
      }
      return n;
    });

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const schema = z.object({
  DISCORD_TOKEN: optionalText,
  DISCORD_API_URL: optionalText.refine((v) => v === undefined || /^https?:\/\/[^\s]+$/i.test(v), {
    message: 'DISCORD_API_URL must be an http(s) URL such as http://127.0.0.1:3000/api',
  }),
  DISCORD_GUILD_ID: optionalText.refine((v) => v === undefined || /^\d{15,21}$/.test(v), {
    message: 'DISCORD_GUILD_ID must be a server id (a 15–21 digit number; right-click the server → Copy Server ID)',
  }),
  STORE_URL: optionalText
    .transform((v) => v ?? 'sqlite://data/newsbot.sqlite')
    .refine((v) => /^(sqlite|redis|rediss|postgres|postgresql):\/\//i.test(v), {
      message: 'STORE_URL must start with sqlite://, redis:// or postgresql:// (default sqlite://data/newsbot.sqlite)',
    }),
  STORE_BUSY_TIMEOUT_MS: int('STORE_BUSY_TIMEOUT_MS', 10_000, 100, 600_000),
  POLL_CRON: optionalText
    .transform((v) => v ?? '*/5 * * * *')
    .refine((v) => isValidCron(v), {
      message: 'POLL_CRON must be a cron expression such as "*/5 * * * *" (a leading seconds field is allowed)',
    }),
  ALLOW_PRIVATE_URLS: bool('ALLOW_PRIVATE_URLS', false),
  STARTER_FEEDS: bool('STARTER_FEEDS', true),
  LOG_LEVEL: optionalText
    .transform((v) => (v ?? 'info').toLowerCase())
    .refine((v) => ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(v), {
      message: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
    }),
  FETCH_TIMEOUT_MS: int('FETCH_TIMEOUT_MS', 15_000, 100, 300_000),
  FETCH_MAX_BYTES: int('FETCH_MAX_BYTES', 5 * 1024 * 1024, 1024, 100 * 1024 * 1024),
  FETCH_MAX_REDIRECTS: int('FETCH_MAX_REDIRECTS', 5, 0, 20),
  POLL_CONCURRENCY: int('POLL_CONCURRENCY', 16, 1, 256),
  POLL_PER_HOST_CONCURRENCY: int('POLL_PER_HOST_CONCURRENCY', 2, 1, 32),
  LOOKBACK_MINUTES: int('LOOKBACK_MINUTES', 0, 0, 7 * 24 * 60),
  MAX_ARTICLE_AGE_HOURS: int('MAX_ARTICLE_AGE_HOURS', 24, 1, 30 * 24),
  STORY_WINDOW_HOURS: int('STORY_WINDOW_HOURS', 48, 1, 7 * 24),
  FEED_FAILING_ALERT_HOURS: int('FEED_FAILING_ALERT_HOURS', 24, 1, 24 * 30),
  MAX_ALERTS_PER_POLL: int('MAX_ALERTS_PER_POLL', 5, 1, 50),
  SUMMARY_SENTENCES: int('SUMMARY_SENTENCES', 3, 1, 6),
  PAGE_WORKERS: optionalText
    .transform((v) => (v ?? 'auto').toLowerCase())
    .refine((v) => v === 'auto' || (/^\d+$/.test(v) && Number(v) <= 64), {
      message: 'PAGE_WORKERS must be auto (sized to the machine) or a whole number from 0 to 64 (0 reads pages on the main thread)',
    }),
  PAGE_DEADLINE_MS: int('PAGE_DEADLINE_MS', 10_000, 100, 300_000),
  ROLE: optionalText
    .transform((v) => (v ?? 'all').toLowerCase())
    .refine((v) => ['all', 'gateway', 'worker'].includes(v), {
      message: 'ROLE must be all (one process does everything), gateway (Discord commands) or worker (polling and delivery)',
    }),
  SHARD_COUNT: optionalText
    .transform((v) => (v ?? '1').toLowerCase())
    .refine((v) => v === 'auto' || (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 4096), {
      message: 'SHARD_COUNT must be auto or a whole number from 1 to 4096',
    }),
  QUEUE_URL: optionalText.refine((v) => v === undefined || /^rediss?:\/\//i.test(v), {
    message: 'QUEUE_URL must be a redis:// URL (BullMQ runs on Redis), e.g. redis://127.0.0.1:6379',
  }),
  QUEUE_LOCK_MS: int('QUEUE_LOCK_MS', 30_000, 1_000, 600_000),
  KEY_PREFIX: optionalText.refine((v) => v === undefined || /^[A-Za-z][\w-]{0,39}$/.test(v), {
    message: 'KEY_PREFIX must start with a letter and hold only letters, digits, _ and - (at most 40)',
  }),
});

/** Reads and validates settings from an environment object (process.env by default). Throws ConfigError. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? '');
      return issue.message.includes(variable) ? issue.message : `${variable}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid settings:\n  - ${lines.join('\n  - ')}`);
  }
  const e = parsed.data;
  if (e.ROLE !== 'all' && !e.QUEUE_URL && !/^rediss?:\/\//i.test(e.STORE_URL)) {
    throw new ConfigError(`Invalid settings:\n  - ROLE=${e.ROLE} needs a shared job queue: set QUEUE_URL=redis://… (or STORE_URL=redis://…)`);
  }
  if (e.ROLE !== 'all' && /^sqlite:/i.test(e.STORE_URL)) {
    throw new ConfigError(`Invalid settings:\n  - ROLE=${e.ROLE} runs beside other processes, which cannot share a SQLite file across machines: set STORE_URL=redis://… or postgresql://…`);
  }
  return {
    discordToken: e.DISCORD_TOKEN,
    discordApiUrl: e.DISCORD_API_URL,
    discordGuildId: e.DISCORD_GUILD_ID,
    storeUrl: e.STORE_URL,
    storeBusyTimeoutMs: e.STORE_BUSY_TIMEOUT_MS,
    pollCron: e.POLL_CRON,
    allowPrivateUrls: e.ALLOW_PRIVATE_URLS,
    starterFeeds: e.STARTER_FEEDS,
    logLevel: e.LOG_LEVEL as Config['logLevel'],
    fetchTimeoutMs: e.FETCH_TIMEOUT_MS,
    fetchMaxBytes: e.FETCH_MAX_BYTES,
    fetchMaxRedirects: e.FETCH_MAX_REDIRECTS,
    pollConcurrency: e.POLL_CONCURRENCY,
    pollPerHostConcurrency: e.POLL_PER_HOST_CONCURRENCY,
    lookbackMinutes: e.LOOKBACK_MINUTES,
    maxArticleAgeHours: e.MAX_ARTICLE_AGE_HOURS,
    storyWindowHours: e.STORY_WINDOW_HOURS,
    feedFailingAlertHours: e.FEED_FAILING_ALERT_HOURS,
    maxAlertsPerPoll: e.MAX_ALERTS_PER_POLL,
    summarySentences: e.SUMMARY_SENTENCES,
    pageWorkers: e.PAGE_WORKERS === 'auto' ? undefined : Number(e.PAGE_WORKERS),
    pageDeadlineMs: e.PAGE_DEADLINE_MS,
    role: e.ROLE as Config['role'],
    shardCount: e.SHARD_COUNT === 'auto' ? 'auto' : Number(e.SHARD_COUNT),
    // A Redis store doubles as the queue unless another Redis is named.
    queueUrl: e.QUEUE_URL ?? (/^rediss?:\/\//i.test(e.STORE_URL) ? e.STORE_URL : undefined),
    queueLockMs: e.QUEUE_LOCK_MS,
    keyPrefix: e.KEY_PREFIX,
  };
}
