import { alerts } from './alerts.ts';
import type { Command } from './command.ts';
import { feeds } from './feeds.ts';
import { follow } from './follow.ts';
import { following } from './following.ts';
import { status } from './status.ts';
import { summary } from './summary.ts';
import { topics } from './topics.ts';
import { unfollow } from './unfollow.ts';
import { why } from './why.ts';

/** Every slash command; start-up registers exactly this list. */
export const commands: Command[] = [follow, unfollow, following, topics, summary, alerts, feeds, why, status];
