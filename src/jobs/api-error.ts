/** Discord's answer when a request is refused, as discord.js reports it (DiscordAPIError: status and JSON code). */
export interface ApiErrorLike {
  status?: number;
  code?: number | string;
  message?: string;
}
