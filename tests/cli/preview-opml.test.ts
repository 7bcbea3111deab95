import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalWebServer } from '../support/feed-server.ts';
import { fixture } from '../support/fixtures.ts';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

/** Runs the CLI the way a user does (through bin/newsbot.mjs). */
async function cli(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [`${root}bin/newsbot.mjs`, ...args], { cwd: root, env: { PATH: process.env.PATH ?? '', ALLOW_PRIVATE_URLS: 'true' }, timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let web: LocalWebServer;
let listPath: string;
beforeAll(async () => {
  web = await LocalWebServer.start();
  web.route('/titles.xml', { body: fixture('feeds/rss-title-markup.xml') });
  web.route('/atom.xml', { body: fixture('feeds/atom-title-types.xml'), contentType: 'application/atom+xml' });
  const dir = mkdtempSync(join(tmpdir(), 'newsbot-opml-'));
  listPath = join(dir, 'reader.opml');
  writeFileSync(
    listPath,
    `<?xml version="1.0"?><opml version="2.0"><body><outline text="Folder">` +
      `<outline type="rss" text="Screen" xmlUrl="${web.url('/titles.xml')}"/><outline type="rss" text="Wire" xmlUrl="${web.url('/atom.xml')}"/></outline>` +
      `<outline type="rss" text="Gone" xmlUrl="${web.url('/gone.xml')}"/></body></opml>`,
  );
});
afterAll(() => web.close());

describe('newsbot preview --opml', () => {
  it('previews every feed of the list and reports the one it cannot read', async () => {
    const res = await cli(['preview', '--opml', listPath]);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Screen & Code: 2 article(s)');
    expect(res.stdout).toContain('Review: Dune Part Two is a triumph');
    expect(res.stdout).toContain('The Harbour Wire: 4 article(s)');
    expect(res.stdout).toContain('Breaking: markets fall');
    expect(res.stdout).toMatch(/Gone: cannot be read: .*HTTP 404/);
    expect(res.stdout).toMatch(/2 of 3 feed\(s\) read; \d+ article\(s\) in \d+ stories\./);
  });

  it('--json prints one line per article, and one per unreadable feed', async () => {
    const res = await cli(['preview', '--opml', listPath, '--json']);
    const lines = res.stdout.trim().split('\n').map((l) => JSON.parse(l) as { title?: string; error?: string; feed?: string });
    expect(lines.filter((l) => l.title)).toHaveLength(6);
    expect(lines.find((l) => l.error)).toMatchObject({ feed: web.url('/gone.xml'), error: expect.stringMatching(/HTTP 404/) });
  });

  it('a file that is not OPML is refused in one line', async () => {
    const res = await cli(['preview', '--opml', fileURLToPath(new URL('../fixtures/feeds/atom-basic.xml', import.meta.url))]);
    expect(res.code).toBe(1);
    expect(res.stderr).toBe('newsbot: This file is not OPML: its top element is <feed>, where an OPML file has <opml>.\n');
  });
});
