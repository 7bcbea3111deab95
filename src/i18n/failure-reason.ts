import { EnrichError } from '../news/enrich.ts';
import { FeedParseError } from '../news/feeds/parse-feed.ts';
import { OpmlError } from '../news/feeds/opml.ts';
import { FetchError } from '../news/http/fetch.ts';
import type { FailureKind } from './catalog/failures.ts';
import { messagesFor } from './messages.ts';

/**
 * A reading failure (a link, a feed, a page, a list of feeds) worded for a member in their language: English
 * keeps the reading code's own detailed sentence; other languages word it from its kind, naming the site of
 * `url` when there is one.
 */
export function failureReason(err: FetchError | FeedParseError | EnrichError | OpmlError, locale: string | null | undefined, url?: string): string {
  const kind: FailureKind =
    err instanceof FetchError
      ? err.kind
      : err instanceof FeedParseError
        ? err.kind === 'empty' ? 'empty-feed' : err.kind
        : err instanceof EnrichError
          ? err.kind === 'empty' ? 'empty-page' : err.kind
          : 'opml';
  return messagesFor(locale).failures.reason(kind, { english: err.message, host: hostOf(url), ...(err instanceof FetchError && err.httpStatus ? { status: err.httpStatus } : {}) });
}

function hostOf(url: string | undefined): string | undefined {
  try {
    return url ? new URL(url).host : undefined;
  } catch {
    return undefined;
  }
}
