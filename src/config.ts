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
  /** Hours a feed may fail before admins are told it is broken. */
  feedFailingAlertHours: number;
  maxAlertsPerPoll: number;
  summarySentences: number;
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
  FEED_FAILING_ALERT_HOURS: int('FEED_FAILING_ALERT_HOURS', 24, 1, 24 * 30),
  MAX_ALERTS_PER_POLL: int('MAX_ALERTS_PER_POLL', 5, 1, 50),
  SUMMARY_SENTENCES: int('SUMMARY_SENTENCES', 3, 1, 6),
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
  return {
    discordToken: e.DISCORD_TOKEN,
    discordApiUrl: e.DISCORD_API_URL,
    discordGuildId: e.DISCORD_GUILD_ID,
    storeUrl: e.STORE_URL,
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
    feedFailingAlertHours: e.FEED_FAILING_ALERT_HOURS,
    maxAlertsPerPoll: e.MAX_ALERTS_PER_POLL,
    summarySentences: e.SUMMARY_SENTENCES,
  };
}
