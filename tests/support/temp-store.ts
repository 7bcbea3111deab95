import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store, type StoreOptions } from '../../src/store/index.ts';

/**
 * A real SQLite file in a fresh temp folder; `reopen` simulates a process restart on the same file. `options`: as
 * the bot's configuration would open it (app.ts storeOptionsOf).
 */
export async function tempStore(options: StoreOptions = {}): Promise<{ store: Store; url: string; reopen(): Promise<Store>; cleanup(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'newsbot-'));
  const url = `sqlite://${join(dir, 'newsbot.sqlite')}`;
  const opened: Store[] = [];
  const store = await openStore(url, options);
  opened.push(store);
  return {
    store,
    url,
    async reopen() {
      const s = await openStore(url, options);
      opened.push(s);
      return s;
    },
    async cleanup() {
      await Promise.all(opened.map((s) => s.close()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
