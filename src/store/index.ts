import type { Claims } from './claims.ts';
import { DeliveryRepository, DigestRepository, OutboxRepository } from './deliveries.ts';
import { DirectMessageRepository } from './direct-messages.ts';
import { FeedRepository } from './feeds.ts';
import { ForumTagRepository } from './forum-tags.ts';
import { GuildRepository } from './guilds.ts';
import { InsightRepository } from './insights.ts';
import { openStoreBackend, type StoreBackend, type StoreOptions } from './keyv-factory.ts';
import { StoreLocks } from './locks.ts';
import { AlertButtonRepository } from './alert-buttons.ts';
import { SeenRepository } from './seen.ts';
import { SentAlertRepository } from './sent-alerts.ts';
import { StoryRepository } from './stories.ts';
import { SubscriptionRepository } from './subscriptions.ts';

/** Every repository the bot uses, over one Keyv backend chosen by STORE_URL. */
export interface Store {
  kind: StoreBackend['kind'];
  feeds: FeedRepository;
  seen: SeenRepository;
  stories: StoryRepository;
  subscriptions: SubscriptionRepository;
  guilds: GuildRepository;
  deliveries: DeliveryRepository;
  outbox: OutboxRepository;
  digests: DigestRepository;
  insights: InsightRepository;
  /** Posted alert messages per story, for editing them as the story gains outlets. */
  sentAlerts: SentAlertRepository;
  /** What the buttons on alerts and lists stand for. */
  buttons: AlertButtonRepository;
  /** Members' DM channels and paused DM delivery. */
  directMessages: DirectMessageRepository;
  /** The tags the bot learned or created in each forum channel. */
  forumTags: ForumTagRepository;
  /** Atomic set-if-absent with expiry, shared by every process on this store. */
  claims: Claims;
  /** Locks with expiry for read-modify-write sections, built on `claims`. */
  locks: StoreLocks;
  /** Deletes expired entries the backend keeps until read (SQL stores); returns how many. */
  sweepExpired(now: Date): Promise<number>;
  close(): Promise<void>;
}

export type { StoreOptions } from './keyv-factory.ts';

export async function openStore(storeUrl: string, options: StoreOptions = {}): Promise<Store> {
  const backend = await openStoreBackend(storeUrl, options);
  const locks = new StoreLocks(backend.claims);
  return {
    kind: backend.kind,
    feeds: new FeedRepository(backend.open('feeds'), locks),
    seen: new SeenRepository(backend.open('seen')),
    stories: new StoryRepository(backend.open('stories'), locks),
    subscriptions: new SubscriptionRepository(backend.open('subscriptions'), locks),
    guilds: new GuildRepository(backend.open('guilds'), locks),
    deliveries: new DeliveryRepository(backend.open('deliveries')),
    outbox: new OutboxRepository(backend.open('outbox')),
    digests: new DigestRepository(backend.open('digests'), locks),
    insights: new InsightRepository(backend.open('insights')),
    sentAlerts: new SentAlertRepository(backend.open('sent-alerts'), locks, options.storyWindowMs),
    buttons: new AlertButtonRepository(backend.open('buttons')),
    directMessages: new DirectMessageRepository(backend.open('direct-messages'), locks),
    forumTags: new ForumTagRepository(backend.open('forum-tags'), locks),
    claims: backend.claims,
    locks,
    sweepExpired: (now) => backend.sweepExpired(now.getTime()),
    close: () => backend.close(),
  };
}
