import type { AppContext } from '../context.ts';
import type { ProblemKey } from '../store/guilds.ts';

/**
 * Tells a server's admins about a problem once (failing feed, paused channel, missing permission), and once
 * more when it is fixed. Goes to the health channel set with /alerts health, else the server's system
 * channel; if neither can take it, the notice waits for the next admin command.
 */
export async function reportProblem(ctx: AppContext, guildId: string, key: ProblemKey, message: string): Promise<void> {
  if ((await ctx.store.guilds.get(guildId)).reportedProblems[key]) return;
  // Decided inside the locked update: of two processes noticing the same problem, only one tells.
  let first = false;
  await ctx.store.guilds.update(guildId, (g) => {
    if (g.reportedProblems[key]) return;
    g.reportedProblems[key] = ctx.now().toISOString();
    first = true;
  });
  if (first) await tell(ctx, guildId, `⚠️ ${message}`);
}

export async function reportFixed(ctx: AppContext, guildId: string, key: ProblemKey, message: string): Promise<void> {
  if (!(await ctx.store.guilds.get(guildId)).reportedProblems[key]) return;
  let first = false;
  await ctx.store.guilds.update(guildId, (g) => {
    if (!g.reportedProblems[key]) return;
    delete g.reportedProblems[key];
    first = true;
  });
  if (first) await tell(ctx, guildId, `✅ ${message}`);
}

/** Notices that found no channel; the caller shows them to the admin who ran a command. */
export async function takePendingNotices(ctx: AppContext, guildId: string): Promise<string[]> {
  if (!(await ctx.store.guilds.get(guildId)).pendingNotices.length) return [];
  let taken: string[] = [];
  await ctx.store.guilds.update(guildId, (g) => {
    taken = g.pendingNotices;
    g.pendingNotices = [];
  });
  return taken;
}

async function tell(ctx: AppContext, guildId: string, text: string): Promise<void> {
  const settings = await ctx.store.guilds.get(guildId);
  const systemChannel = await Promise.resolve(ctx.discord.systemChannelOf(guildId)).catch(() => undefined);
  const candidates = [settings.healthChannelId, systemChannel].filter(
    (id): id is string => !!id && !settings.pausedChannels[id],
  );
  for (const channelId of [...new Set(candidates)]) {
    try {
      await ctx.discord.send(channelId, { content: text.slice(0, 2000), allowed_mentions: { parse: [] } });
      return;
    } catch (err) {
      ctx.log.warn({ guildId, channelId, err: (err as Error).message }, 'could not post an admin notice');
    }
  }
  await ctx.store.guilds.update(guildId, (g) => {
    g.pendingNotices = [...g.pendingNotices, text].slice(-10);
  });
}
