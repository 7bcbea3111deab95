import { describe, expect, it } from 'vitest';
import { backoffMs, feedHealth } from '../../src/jobs/feed-policy.ts';

describe('feed back-off and health', () => {
  it('retries on the next poll after one failure, then backs off exponentially up to 6 hours', () => {
    expect(backoffMs(1)).toBe(0);
    expect(backoffMs(2)).toBe(5 * 60_000);
    expect(backoffMs(3)).toBe(10 * 60_000);
    expect(backoffMs(50)).toBe(6 * 3_600_000);
  });
  it('flags a feed as broken only after it has failed for the configured hours', () => {
    const now = new Date('2026-11-03T00:00:00Z');
    const base = { url: 'u', addedAt: '', initialized: true, failures: 4 };
    expect(feedHealth({ ...base, failingSince: '2026-11-02T12:00:00Z' }, now, 24)).toBe('failing');
    expect(feedHealth({ ...base, failingSince: '2026-11-01T12:00:00Z' }, now, 24)).toBe('broken');
    expect(feedHealth({ ...base, failures: 0 }, now, 24)).toBe('ok');
  });
});
