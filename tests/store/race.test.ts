import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.ts';
import { backendChoices, type TestBackend } from './backends.ts';

const CHILD = fileURLToPath(new URL('./race-child.ts', import.meta.url));
const COUNT = 10;
const ITEMS = 40;

interface ChildResult {
  sent: string[];
}

/** A child process and the lines it printed, read in order. */
function startChild(me: string, backends: TestBackend[]) {
  const args = ['--import', 'tsx', CHILD, me, String(COUNT), ...backends.flatMap((b) => [b.url, b.prefix])];
  const child = spawn(process.execPath, args, { stdio: 'pipe' });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const queue: string[] = [];
  const waiters: ((line: string) => void)[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    const waiter = waiters.shift();
    if (waiter) waiter(line);
    else queue.push(line);
  });
  const exited = new Promise<never>((_, reject) => child.on('exit', (code) => reject(new Error(`race child ${me} exited with ${code}: ${stderr}`))));
  const next = () => Promise.race([queue.length ? Promise.resolve(queue.shift()!) : new Promise<string>((resolve) => waiters.push(resolve)), exited]);
  return { child, next, go: () => child.stdin.write('go\n') };
}

const choices = backendChoices();
const enabled = choices.filter((c) => c.make).map((c) => c.make!());
let children: ReturnType<typeof startChild>[] = [];

beforeAll(() => {
  children = [startChild('a', enabled), startChild('b', enabled)];
});
afterAll(async () => {
  for (const c of children) c.child.kill();
  for (const b of enabled) await b.cleanup();
});

describe('two processes racing on one store', () => {
  for (const choice of choices) {
    if (!choice.make) {
      it.skip(`on ${choice.name} (skipped: ${choice.reason})`, () => {});
      continue;
    }
    const backend = enabled.find((b) => b.name === choice.name)!;
    it(`on ${choice.name}: no follow, feed or settings update is lost, and every queued alert is sent exactly once`, { timeout: 30_000 }, async () => {
      let store: Store | undefined;
      try {
        store = await openStore(backend.url, { prefix: backend.prefix });
        await store.feeds.ensure('https://race.example/feed.xml', new Date());
        for (let i = 0; i < ITEMS; i++) {
          const id = `c${i % 4}|story-${i}`;
          await store.outbox.put({ id, guildId: 'g', channelId: `c${i % 4}`, storyIds: [`story-${i}`], kind: 'alert', body: {}, nonce: `n${i}`, createdAt: '', order: String(i).padStart(3, '0'), attempts: 0 });
        }
        expect(await Promise.all(children.map((c) => c.next()))).toEqual(['ready', 'ready']);
        for (const c of children) c.go();
        const [ra, rb] = (await Promise.all(children.map((c) => c.next()))).map((line) => JSON.parse(line) as ChildResult);

        expect(await store.subscriptions.listForGuild('g')).toHaveLength(2 * COUNT);
        expect((await store.feeds.get('https://race.example/feed.xml'))?.failures).toBe(2 * COUNT);
        expect(Object.keys((await store.guilds.get('g')).reportedProblems)).toHaveLength(2 * COUNT);
        const sends = [...ra!.sent, ...rb!.sent];
        expect(sends).toHaveLength(ITEMS);
        expect(new Set(sends).size).toBe(ITEMS);
        expect(await store.outbox.list()).toEqual([]);
        for (let i = 0; i < ITEMS; i++) expect(await store.deliveries.get(`c${i % 4}`, `story-${i}`)).toBeDefined();
      } finally {
        await store?.close();
      }
    });
  }
});
