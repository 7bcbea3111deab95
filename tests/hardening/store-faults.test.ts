import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeGuild, rssFeed, TOKEN } from '../support/bot-harness.ts';
import { startDiscordServer, type DiscordServer } from '../support/discord-server.ts';
import { LocalWebServer } from '../support/feed-server.ts';
import { botReady } from '../support/bot-ready.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'newsbot-store-fault-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Starts the bot's entry point as its own process and collects how it ends. A short busy timeout: a locked
 * database is reported after it instead of the default 10 s.
 */
function startBot(storeFile: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', pathToFileURL(`${root}node_modules/tsx/dist/esm/index.mjs`).href, `${root}src/index.ts`],
      { cwd: dir, env: { PATH: process.env.PATH ?? '', DISCORD_TOKEN: 'abc.def.ghi', STORE_URL: `sqlite://${storeFile}`, STORE_BUSY_TIMEOUT_MS: '300', LOG_LEVEL: 'silent' }, timeout: 60_000 },
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

// ---- while running ----
//
// The disk "fills up" under the running bot: its file-size limit (RLIMIT_FSIZE, set from outside with prlimit)
// drops to 0, so the kernel refuses every write to its files from then on, as a full disk does. SQLite then
// reports SQLITE_IOERR (the kernel says EFBIG; a really full disk says ENOSPC, which SQLite reports as SQLITE_FULL;
// both take the same path in the bot). Reads keep working, exactly as on a full disk.

const hasPrlimit = (() => {
  try {
    execFileSync('prlimit', ['--version'], { stdio: 'ignore' });
    return process.platform === 'linux';
  } catch {
    return false;
  }
})();

describe.skipIf(!hasPrlimit)('store faults while running: the disk fills up', () => {
  const ids = makeGuild();
  const file = join(dir, 'running.sqlite');
  let discord: DiscordServer;
  let web: LocalWebServer;
  let items: Parameters<typeof rssFeed>[1] = [];
  const started: ChildProcess[] = [];

  interface Running {
    proc: ChildProcess;
    output: () => string;
    errors: () => string;
    exited: Promise<number | null>;
  }

  /** The real entry point as its own process on `file`; resolves once it can take commands. */
  async function start(pollCron: string): Promise<Running> {
    const ready = botReady(discord);
    const proc = spawn(process.execPath, ['--import', pathToFileURL(`${root}node_modules/tsx/dist/esm/index.mjs`).href, `${root}src/index.ts`], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', DISCORD_TOKEN: TOKEN, DISCORD_API_URL: discord.apiUrl, STORE_URL: `sqlite://${file}`, ALLOW_PRIVATE_URLS: 'true', STARTER_FEEDS: 'false', POLL_CRON: pollCron, LOG_LEVEL: 'error' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started.push(proc);
    let out = '';
    let err = '';
    proc.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    proc.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    await Promise.race([ready, exited.then((code) => Promise.reject(new Error(`the bot exited with ${code} at start-up: ${err}`)))]);
    return { proc, output: () => out, errors: () => err, exited };
  }

  /** From now on the kernel refuses every write to the bot's files: the disk is full. */
  function fillDisk(bot: Running): void {
    execFileSync('prlimit', ['--pid', String(bot.proc.pid), '--fsize=0']);
  }

  /** How the process ended; a bot that goes on running fails the test here instead of hanging it. */
  function exitCode(bot: Running, withinMs = 30_000): Promise<number | null> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the bot was still running ${withinMs} ms after its disk filled up`)), withinMs);
    });
    return Promise.race([bot.exited, late]).finally(() => clearTimeout(timer));
  }

  async function stop(bot: Running): Promise<void> {
    if (bot.proc.exitCode !== null || bot.proc.signalCode !== null) return;
    bot.proc.kill('SIGCONT');
    bot.proc.kill('SIGTERM');
    await bot.exited;
  }

  const ask = async (user: string, commandName: string, options: Record<string, string> = {}) =>
    (await discord.sendInteraction({ guildId: ids.guildId, channelId: ids.general, user, commandName, options })).waitForResponse(15_000);
  const feedReads = () => web.hitCount('/feed.xml');
  const readsAfter = async (count: number) => {
    while (feedReads() < count) await new Promise((resolve) => web.requestsEvents.once('request', resolve));
  };
  const alertTitles = () => discord.messages(ids.alerts).map((m) => m.embeds[0]?.title);
  const story = (i: number, title: string) => ({
    id: `full-${i}`,
    title,
    link: web.url(`/full/${i}`),
    text: `${title}, officials in Japan said, in a development watched closely in Tokyo (item ${i}).`,
    date: new Date(Date.now() + 60_000).toISOString(),
  });
  /** What an operator must never have to read through: stack frames. */
  const STACK_FRAME = /\n\s+at .+:\d+:\d+/;

  beforeAll(async () => {
    web = await LocalWebServer.start();
    web.route('/feed.xml', (_q, r) => r.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed('Full Desk', items)));
    discord = await startDiscordServer({
      token: TOKEN,
      guilds: [
        {
          id: ids.guildId,
          name: 'Disk test',
          ownerId: ids.admin,
          systemChannelId: ids.general,
          roles: [{ id: ids.adminRole, name: 'Admins', permissions: ['ManageGuild', 'ViewChannel', 'SendMessages'] }],
          members: [{ user: { id: ids.admin, username: 'ada' }, roles: [ids.adminRole] }, { user: { id: ids.member, username: 'milo' } }],
          channels: [{ id: ids.general, name: 'general' }, { id: ids.alerts, name: 'alerts' }],
        },
      ],
    });
  });
  afterAll(async () => {
    for (const proc of started) if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    await discord?.close();
    await web?.close();
  });

  it('a command that cannot be saved: the member is told, the operator gets one clear line, the bot stops, and nothing it confirmed is lost', async () => {
    const bot = await start('0 0 1 1 *'); // no poll during this test: only commands write
    try {
      await ask(ids.admin, 'alerts channel', { channel: ids.alerts });
      await ask(ids.admin, 'feeds add', { url: web.url('/feed.xml') });
      expect((await ask(ids.member, 'follow', { topic: 'japan' })).content).toMatch(/You now follow \*\*Japan\*\*/);

      fillDisk(bot);
      const refused = await ask(ids.admin, 'follow', { topic: 'crypto' });
      expect(refused.ephemeral).toBe(true);
      expect(refused.content).toMatch(/I could not save that: my database cannot be written right now \(its disk is full or failing\)/);
      expect(refused.content).toMatch(/Nothing of what you asked was saved/);

      expect(await exitCode(bot)).toBe(1);
      const said = bot.errors();
      expect(said).toMatch(/^newsbot stopped: The database .*running\.sqlite cannot be written/m);
      expect(said).toMatch(/Usually the disk is full .* Free some space/);
      expect(bot.output()).toMatch(/"level":60.*stopping: The database .*running\.sqlite cannot be written/);
      expect(said + bot.output()).not.toMatch(STACK_FRAME);
    } finally {
      await stop(bot);
    }

    const again = await start('0 0 1 1 *');
    try {
      expect((await ask(ids.member, 'following')).content).toMatch(/Japan → <#\d+>/);
      expect((await ask(ids.admin, 'following')).content).toMatch(/Your follows\*\*\n• none yet/);
    } finally {
      await stop(again);
    }
  }, 90_000);

  it('a poll that cannot save what it read: the bot stops before marking anything seen, and after a restart with space each story is posted once', async () => {
    const bot = await start('* * * * * *');
    try {
      await readsAfter(feedReads() + 2); // the feed's first read (its empty backlog) is done
      // Frozen for a moment so the new stories and the full disk arrive together, with no poll in between.
      bot.proc.kill('SIGSTOP');
      items = [story(1, 'Tokyo unveils a stimulus package for small firms'), story(2, 'Yen slides past a key level against the dollar')];
      fillDisk(bot);
      bot.proc.kill('SIGCONT');
      expect(await exitCode(bot)).toBe(1);
      expect(bot.errors()).toMatch(/^newsbot stopped: The database .*running\.sqlite cannot be written/m);
      expect(bot.errors() + bot.output()).not.toMatch(STACK_FRAME);
      expect(alertTitles()).toEqual([]);
    } finally {
      await stop(bot);
    }

    const again = await start('* * * * * *');
    try {
      while (alertTitles().length < 2) await discord.waitForEvent('message', (m) => m.channelId === ids.alerts, 20_000);
      await readsAfter(feedReads() + 3); // a few more polls: nothing else arrives
      expect(alertTitles().sort()).toEqual(['Tokyo unveils a stimulus package for small firms', 'Yen slides past a key level against the dollar']);
      expect((await ask(ids.member, 'following')).content).toMatch(/Japan → <#\d+>/);
    } finally {
      await stop(again);
    }
  }, 90_000);
});
