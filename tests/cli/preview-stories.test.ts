import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const fixtures = fileURLToPath(new URL('../fixtures/feeds/', import.meta.url));

describe('newsbot preview over several feeds', () => {
  it('runs every item through the same-story rules in published order and says which story each joins', async () => {
    const { stdout } = await run(process.execPath, [`${root}bin/newsbot.mjs`, 'preview', '--feed', `${fixtures}wire-copy-a.xml`, '--feed', `${fixtures}wire-copy-b.xml`, '--json'], { cwd: root, env: { PATH: process.env.PATH ?? '' }, timeout: 30_000 });
    const rows = stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; title: string; feed: string; outlet: string; story: string });
    const courier = rows.find((r) => r.outlet === 'Morning Courier')!;
    expect(courier.feed).toBe(`${fixtures}wire-copy-a.xml`);
    expect(courier.story).toBe(courier.id);
    // The Dispatch's copy of the Courier's story (its title with the outlet appended) joins it.
    const copy = rows.find((r) => r.outlet === 'Evening Dispatch' && /^Glacier retreat/.test(r.title))!;
    expect(copy.feed).toBe(`${fixtures}wire-copy-b.xml`);
    expect(copy.story).toBe(courier.id);
    expect(new Set(rows.map((r) => r.feed))).toEqual(new Set([`${fixtures}wire-copy-a.xml`, `${fixtures}wire-copy-b.xml`]));
  });

  it('in plain text, a folded item says which story it joins', async () => {
    const { stdout } = await run(process.execPath, [`${root}bin/newsbot.mjs`, 'preview', '--feed', `${fixtures}wire-copy-a.xml`, '--feed', `${fixtures}wire-copy-b.xml`], { cwd: root, env: { PATH: process.env.PATH ?? '' }, timeout: 30_000 });
    expect(stdout).toMatch(/↳ same story as “Glacier retreat doubles in a decade, alpine survey finds”/);
    expect(stdout).toMatch(/2 of 2 feed\(s\) read; \d+ article\(s\) in \d+ stories\./);
  });
});
