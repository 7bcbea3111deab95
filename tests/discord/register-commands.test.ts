import { execFile } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, TOKEN, type Harness } from '../support/bot-harness.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
let h: Harness;
const commandPuts = () => h.discord.requests().filter((r) => r.method === 'PUT' && /\/applications\/\d+\/commands$/.test(r.path)).length;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

describe('slash command registration', () => {
  it('registers at the first start, and not again when a restart finds the same definitions', async () => {
    expect(commandPuts()).toBe(1);
    expect(h.discord.registeredCommands().map((c) => c.name)).toContain('follow');
    // A member whose Discord is in Japanese sees the commands in Japanese.
    expect((h.discord.registeredCommands().find((c) => c.name === 'follow')?.name_localizations as Record<string, string> | undefined)?.ja).toBe('フォロー');
    await h.restart();
    expect(commandPuts()).toBe(1);
    // The restarted bot still answers its commands.
    const reply = await h.run(h.ids.member, 'following');
    expect(reply.content).toMatch(/follow/i);
  });

  it('npm run deploy-commands registers them again on demand', async () => {
    const before = commandPuts();
    const out = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['--import', pathToFileURL(`${root}node_modules/tsx/dist/esm/index.mjs`).href, `${root}src/deploy-commands.ts`],
        { cwd: root, env: { PATH: process.env.PATH ?? '', DISCORD_TOKEN: TOKEN, DISCORD_API_URL: h.discord.apiUrl, LOG_LEVEL: 'silent' }, timeout: 60_000 },
        (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/Slash commands registered globally/);
    expect(commandPuts()).toBe(before + 1);
  });
});
