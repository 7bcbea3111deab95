import type Keyv from 'keyv';

/** As long as the story record a button explains: after that the button answers that the alert is too old. */
const BUTTON_TTL_MS = 30 * 24 * 3_600_000;

/** What a button on an alert or a list stands for: kept in the store, so buttons work across restarts and processes. */
export interface AlertButtonState {
  storyId: string;
  guildId: string;
  channelId: string;
  /** The topics (as followed) that brought the story to this channel. */
  topics: string[];
}

export class AlertButtonRepository {
  constructor(private readonly kv: Keyv) {}

  async get(key: string): Promise<AlertButtonState | undefined> {
    return (await this.kv.get<AlertButtonState>(key)) ?? undefined;
  }

  async set(key: string, state: AlertButtonState): Promise<void> {
    await this.kv.set(key, state, BUTTON_TTL_MS);
  }
}
