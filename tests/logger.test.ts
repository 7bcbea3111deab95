import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.ts';

describe('logs never contain the token', () => {
  it('redacts the token wherever it appears: a field, a nested header, or inside an error message', async () => {
    const token = 'MTk4NjIyNDgzNDcxOTI1MjQ4.Gabc12.super-secret-token-value';
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = createLogger('info', [token], sink);
    log.info({ token }, 'field');
    log.info({ request: { headers: { authorization: `Bot ${token}` } } }, 'header');
    log.error({ err: `login failed for ${token}` }, `could not connect with ${token}`);
    await new Promise((resolve) => setImmediate(resolve));
    const all = lines.join('');
    expect(lines).toHaveLength(3);
    expect(all).not.toContain(token);
    expect(all).toContain('[redacted]');
  });
});
