import { EnrichError } from '../news/enrich.ts';
import { FeedParseError } from '../news/feeds/parse-feed.ts';
import { OpmlError } from '../news/feeds/opml.ts';
import { FetchError } from '../news/http/fetch.ts';
import { FAILURE_KINDS, type FailureKind } from './catalog/failures.ts';
import type { FeedRecord } from '../store/feeds.ts';
import { messagesFor } from './messages.ts';

/**
 * A reading failure (a link, a feed, a page, a list of feeds) worded for a member in their language: English
 * keeps the reading code's own detailed sentence; other languages word it from its kind, naming the site of
 * `url` when there is one.
 */
export function failureReason(err: FetchError | FeedParseError | EnrichError | OpmlError, locale: string | null | undefined, url?: string): string {
  return messagesFor(locale).failures.reason(failureKindOf(err), { english: err.message, host: hostOf(url), ...(err instanceof FetchError && err.httpStatus ? { status: err.httpStatus } : {}) });
}

/** The kind of a reading failure, as the catalogue words it. */
export function failureKindOf(err: FetchError | FeedParseError | EnrichError | OpmlError): FailureKind {
  return err instanceof FetchError
      ? err.kind
      : err instanceof FeedParseError
        ? err.kind === 'empty' ? 'empty-feed' : err.kind
        : err instanceof EnrichError
          ? err.kind === 'empty' ? 'empty-page' : err.kind
          : 'opml';
}

/**
 * A failure remembered as text and kind (a feed's last error): in the reader's language when its kind is known,
 * as written otherwise (an unexpected error, or one recorded before kinds were kept).
 */
export function storedFailureReason(feed: Pick<FeedRecord, 'lastError' | 'lastErrorKind' | 'lastErrorStatus'>, locale: string | null | undefined, url?: string): string {
  const english = feed.lastError ?? '';
  const kind = feed.lastErrorKind;
  const known = (FAILURE_KINDS as readonly string[]).includes(kind ?? '') ? (kind as FailureKind) : undefined;
  if (!known) return english;
  return messagesFor(locale).failures.reason(known, { english, host: hostOf(url), ...(feed.lastErrorStatus ? { status: feed.lastErrorStatus } : {}) });
}

function hostOf(url: string | undefined): string | undefined {
  try {
    return url ? new URL(url).host : undefined;
  } catch {
    return undefined;
  }
}
