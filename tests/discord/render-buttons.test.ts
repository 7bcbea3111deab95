import { describe, expect, it } from 'vitest';
import { alertButtons } from '../../src/discord/render-buttons.ts';
import { topicName } from '../../src/i18n/topic-names.ts';

const labels = (rows: ReturnType<typeof alertButtons>) => rows.flatMap((r) => r.components.map((b) => b.label));
const query = 'harbour strike OR dock workers walkout OR "night shift pay" OR port authority talks OR ferry cancellations';

describe('an unfollow button with a long custom query still says what it does', () => {
  it('in Japanese the action at the end of the label stays, and the query keeps its closing mark', () => {
    const [, unfollow] = labels(alertButtons('k', [topicName(query, 'ja')], 'ja'));
    expect(unfollow!.length).toBeLessThanOrEqual(80);
    expect(unfollow).toMatch(/^「harbour strike OR/);
    expect(unfollow).toMatch(/…」のフォローをやめる$/);
  });

  it('in English the query is shortened inside its quotation marks', () => {
    const [, unfollow, other] = labels(alertButtons('k', [topicName(query, 'en-US'), 'Shipping'], 'en-US'));
    expect(unfollow!.length).toBeLessThanOrEqual(80);
    expect(unfollow).toMatch(/^Unfollow “harbour strike OR .*…”$/);
    expect(other).toBe('Unfollow Shipping');
  });
});
