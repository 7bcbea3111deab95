import { createApp } from '../../src/app.ts';
import type { Config } from '../../src/config.ts';
import { startBot, type BotHandle } from '../../src/discord/bot.ts';
import { silentLogger } from '../../src/logger.ts';
import type { Store } from '../../src/store/index.ts';

/**
 * The single-process bot on a store the test owns, without the schedule (tests drive cycles themselves).
 * Stopping it also closes what the app opened besides the store (worker threads), as a process exit would.
 */
export async function startTestBot(config: Config, store: Store, now?: () => Date): Promise<BotHandle> {
  const app = await createApp(config, 'all', { store, log: silentLogger(), now });
  const bot = await startBot(app, { schedule: false });
  return {
    ...bot,
    async stop() {
      await bot.stop();
      await app.close();
    },
  };
}
