import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalWebServer } from '../support/feed-server.ts';
import { fixture } from '../support/fixtures.ts';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = `${root}bin/newsbot.mjs`;

/** Runs the CLI the way a user does (through bin/newsbot.mjs), in a clean environment. */
async function cli(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { cwd: root, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let web: LocalWebServer;
beforeAll(async () => {
  web = await LocalWebServer.start();
  web.route('/feed.xml', {
    body: `<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title>
      <item><title>Bank of Japan holds rates as the yen slides</title><link>https://wire.example/boj</link><guid>w1</guid><pubDate>Tue, 03 Nov 2026 08:00:00 GMT</pubDate>
      <description>The Bank of Japan kept its policy rate unchanged in Tokyo on Tuesday as the yen weakened past a key level against the dollar.</description></item>
      <item><title>Garden show returns to the park</title><link>https://wire.example/garden</link><guid>w2</guid><pubDate>Tue, 03 Nov 2026 07:00:00 GMT</pubDate>
      <description>More than two hundred exhibitors are expected this weekend.</description></item>
    </channel></rss>`,
  });
  web.route('/story', { body: fixture('pages/e2e/japan-port-deal.html'), contentType: 'text/html; charset=utf-8' });
});
afterAll(() => web.close());

describe('newsbot CLI', () => {
  it('preview --json prints one object per article with the topics it matches', async () => {
    const res = await cli(['preview', '--feed', web.url('/feed.xml'), '--json'], { ALLOW_PRIVATE_URLS: 'true' });
    expect(res.code).toBe(0);
    const lines = res.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ id: `${web.url('/feed.xml')}#w1`, url: 'https://wire.example/boj', title: 'Bank of Japan holds rates as the yen slides', source: 'Test Wire', published: '2026-11-03T08:00:00.000Z' });
    expect(lines[0].topics.map((t: { id: string }) => t.id)).toContain('japan');
    expect(lines[0].topics.find((t: { id: string }) => t.id === 'japan').terms.length).toBeGreaterThan(0);
    expect(lines[1].topics).toEqual([]);
  });

  it('preview --topic with a custom query matches that query only, identified by its text', async () => {
    const res = await cli(['preview', '--feed', web.url('/feed.xml'), '--topic', '"bank of japan" AND yen', '--json'], { ALLOW_PRIVATE_URLS: 'true' });
    const lines = res.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0].topics.map((t: { id: string }) => t.id)).toEqual(['"bank of japan" AND yen']);
    expect(lines[1].topics).toEqual([]);
  });

  it('summarize --json gives summary and quotes verbatim from the clean text', async () => {
    const res = await cli(['summarize', web.url('/story'), '--json'], { ALLOW_PRIVATE_URLS: 'true' });
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout);
    expect(out.title).toBe('Japan and Vietnam sign port investment pact');
    expect(out.summary.length).toBeGreaterThanOrEqual(2);
    for (const s of out.summary) expect(out.text).toContain(s);
    expect(out.quotes[0]).toMatchObject({ speaker: 'Kenji Arakawa' });
    expect(out.text).toContain(out.quotes[0].text);
    expect(out.text).not.toMatch(/Sign up now|Related Articles/);
    expect(out.topics.map((t: { id: string }) => t.id)).toContain('japan');
  });

  it('refuses loopback addresses unless ALLOW_PRIVATE_URLS=true, with one line and a non-zero exit', async () => {
    const res = await cli(['summarize', web.url('/story')]);
    expect(res.code).not.toBe(0);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toMatch(/private or local address/);
  });

  it('a URL that is not a feed ends with a one-line reason, never a stack trace', async () => {
    const res = await cli(['preview', '--feed', web.url('/story')], { ALLOW_PRIVATE_URLS: 'true' });
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/^newsbot: This is a web page, not a feed\.\n$/);
    const missing = await cli(['preview', '--feed', web.url('/nope.xml')], { ALLOW_PRIVATE_URLS: 'true' });
    expect(missing.stderr).toMatch(/^newsbot: .*HTTP 404.*\n$/);
    expect(missing.stderr).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('npm start without a token', () => {
  it('explains how to get a token and exits non-zero without a stack trace', async () => {
    try {
      // From an empty folder, so no developer's .env is read.
      const empty = mkdtempSync(join(tmpdir(), 'newsbot-start-'));
      await run(process.execPath, [`${root}node_modules/tsx/dist/cli.mjs`, `${root}src/index.ts`], { cwd: empty, env: { PATH: process.env.PATH ?? '' }, timeout: 30_000 });
      expect.unreachable('should exit non-zero');
    } catch (err) {
      const e = err as { code: number; stderr: string };
      expect(e.code).toBe(1);
      expect(e.stderr).toMatch(/DISCORD_TOKEN=your-token-here/);
      expect(e.stderr).not.toMatch(/\bat .*:\d+:\d+/);
    }
  });
});

describe('npm start when Discord cannot be reached', () => {
  it('says so in one plain sentence on stderr, exits 1, and never prints the token', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'newsbot-start-'));
    const token = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.secret.part-of-the-token';
    try {
      // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
      await run(process.execPath, [`${root}node_modules/tsx/dist/cli.mjs`, `${root}src/index.ts`], {
        cwd: empty,
        env: { PATH: process.env.PATH ?? '', DISCORD_TOKEN: token, DISCORD_API_URL: 'http://127.0.0.1:9/api' },
        timeout: 60_000,
      });
      expect.unreachable('should exit non-zero');
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      expect(e.code).toBe(1);
      expect(e.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^newsbot could not connect to Discord \(.*ECONNREFUSED.*\)\. Check the network connection \(and DISCORD_API_URL, if set\), then start again\.$/)]);
      expect(`${e.stdout}${e.stderr}`).not.toContain('secret');
    }
  });
});
