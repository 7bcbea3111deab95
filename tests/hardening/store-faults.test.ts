import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'newsbot-store-fault-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts the bot's entry point as its own process and collects how it ends. */
function startBot(storeFile: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', pathToFileURL(`${root}node_modules/tsx/dist/esm/index.mjs`).href, `${root}src/index.ts`],
      { cwd: dir, env: { PATH: process.env.PATH ?? '', DISCORD_TOKEN: 'abc.def.ghi', STORE_URL: `sqlite://${storeFile}`, LOG_LEVEL: 'silent' }, timeout: 60_000 },
      (err, _stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stderr }),
    );
  });
}

describe('store faults at start-up: a clear error and a clean stop', () => {
  it('a damaged database file', async () => {
    const file = join(dir, 'damaged.sqlite');
    writeFileSync(file, Buffer.alloc(8192, 0x5a));
    const { code, stderr } = await startBot(file);
    expect(code).toBe(1);
    expect(stderr).toMatch(/is damaged or not a SQLite file\. Move it aside/);
    expect(stderr).not.toMatch(/\bat .*:\d+:\d+/);
  });

  it('a database locked by another process', async () => {
    const file = join(dir, 'locked.sqlite');
    // Another process takes an exclusive lock and holds it until told to stop.
    const holder = spawn(
      process.execPath,
      ['-e', `const s=require('sqlite3');const d=new s.Database(${JSON.stringify(file)});d.exec('PRAGMA locking_mode=EXCLUSIVE; CREATE TABLE t(x); BEGIN EXCLUSIVE; INSERT INTO t VALUES (1);',()=>{process.stdout.write('locked\\n')});process.stdin.on('data',()=>process.exit(0));`],
      { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] },
    );
    await new Promise((resolve) => holder.stdout!.once('data', resolve));
    try {
      const { code, stderr } = await startBot(file);
      expect(code).toBe(1);
      expect(stderr).toMatch(/is locked by another process/);
    } finally {
      holder.stdin!.write('stop\n');
    }
  }, 60_000);
});
