import { DeliveryRepository, DigestRepository, OutboxRepository } from './deliveries.ts';
import { FeedRepository } from './feeds.ts';
import { GuildRepository } from './guilds.ts';
import { InsightRepository } from './insights.ts';
import { openStoreBackend, type StoreBackend } from './keyv-factory.ts';
import { SeenRepository } from './seen.ts';
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
  close(): Promise<void>;
}

export async function openStore(storeUrl: string): Promise<Store> {
  const backend = await openStoreBackend(storeUrl);
  return {
    kind: backend.kind,
    feeds: new FeedRepository(backend.open('feeds')),
    seen: new SeenRepository(backend.open('seen')),
    stories: new StoryRepository(backend.open('stories')),
    subscriptions: new SubscriptionRepository(backend.open('subscriptions')),
    guilds: new GuildRepository(backend.open('guilds')),
    deliveries: new DeliveryRepository(backend.open('deliveries')),
    outbox: new OutboxRepository(backend.open('outbox')),
    digests: new DigestRepository(backend.open('digests')),
    insights: new InsightRepository(backend.open('insights')),
    close: () => backend.close(),
  };
}
