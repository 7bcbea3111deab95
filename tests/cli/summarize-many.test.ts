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
const bin = `${root}bin/newsbot.mjs`;

async function cli(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { cwd: root, env: { PATH: process.env.PATH ?? '', ALLOW_PRIVATE_URLS: 'true' }, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const lines = (stdout: string) => stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

let web: LocalWebServer;
let saved: string;
beforeAll(async () => {
  web = await LocalWebServer.start();
  web.route('/port', { body: fixture('pages/e2e/japan-port-deal.html'), contentType: 'text/html; charset=utf-8' });
  web.route('/garden', { body: fixture('pages/e2e/garden-show.html'), contentType: 'text/html; charset=utf-8' });
  web.route('/logo.png', { body: 'not really a picture', contentType: 'image/png' });
  const dir = mkdtempSync(join(tmpdir(), 'newsbot-summarize-'));
  saved = join(dir, 'saved page.html');
  writeFileSync(saved, fixture('pages/e2e/crypto-exchange.html'));
});
afterAll(() => web.close());

describe('newsbot summarize with several inputs', () => {
  it('prints one JSON line per input, in the order given, each naming its input', async () => {
    const inputs = [web.url('/garden'), saved, web.url('/port')];
    const res = await cli(['summarize', ...inputs]);
    expect(res.code).toBe(0);
    const out = lines(res.stdout);
    expect(out.map((o) => o.input)).toEqual(inputs);
    expect(out[2]!.title).toBe('Japan and Vietnam sign port investment pact');
    for (const o of out) {
      expect(o.error).toBeUndefined();
      expect((o.summary as string[]).length).toBeGreaterThan(0);
    }
  });

  it('reports a failed input on its own line and goes on, ending with a non-zero status', async () => {
    const missing = join(tmpdir(), 'no-such-page-here.html');
    const inputs = [web.url('/logo.png'), web.url('/port'), missing];
    const res = await cli(['summarize', ...inputs, '--sentences', '2']);
    expect(res.code).toBe(1);
    const out = lines(res.stdout);
    expect(out.map((o) => o.input)).toEqual(inputs);
    expect(out[0]).toEqual({ input: inputs[0], error: expect.stringMatching(/image/) });
    expect((out[1]!.summary as string[]).length).toBe(2);
    expect(out[2]).toEqual({ input: missing, error: expect.stringMatching(/cannot read the file/) });
  });

  it('one input with --json is one line too, with its input', async () => {
    const res = await cli(['summarize', web.url('/port'), '--json']);
    expect(res.code).toBe(0);
    const out = lines(res.stdout);
    expect(out).toHaveLength(1);
    expect(out[0]!.input).toBe(web.url('/port'));
  });
});
