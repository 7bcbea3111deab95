/** One news item, normalized from whatever feed format it came in. Plain data: safe to store and to send between processes. */
export interface Article {
  /** Stable identity: the feed's guid when it looks stable, else the canonical URL. */
  id: string;
  /** The link as the feed gave it (absolute). */
  url: string;
  /** Lower-cased host, no fragment, no tracking parameters: used for cross-feed dedupe. */
  canonicalUrl: string;
  title: string;
  /** ISO 8601. Missing or future dates fall back to the time the item was first seen. */
  published: string;
  /** Clean text of the item's description/content (tags stripped, entities decoded). */
  text: string;
  /** The item's HTML content when the feed carried any (content:encoded, atom content), for enrichment fallbacks. */
  html?: string;
  categories: string[];
  author?: string;
  image?: string;
  /** The language its feed declares (BCP 47, e.g. "ja", "en-US"), when it declares one. */
  lang?: string;
  source: ArticleSource;
}

export interface ArticleSource {
  /** The feed's title, or its host when the feed has none; for an aggregator's item, the outlet it names. */
  name: string;
  feedUrl: string;
  /** The name is the item's own outlet (an aggregator's RSS <source>), not the feed's. */
  fromItem?: true;
}

/** A page's clean text and metadata, as extraction finds them. */
export interface PageText {
  title: string;
  byline?: string;
  siteName?: string;
  /** ISO 8601. */
  published?: string;
  /** BCP 47 tag as the page declares it, or "ja" when the text is Japanese. */
  lang?: string;
  /** Absolute http(s) URL of the lead image. */
  image?: string;
  /** Clean article text, paragraphs separated by blank lines. */
  text: string;
  paragraphs: string[];
}

/** What the understanding step makes of an article page (or of the feed's own content). */
export interface ArticleInsight extends PageText {
  summary: string[];
  quotes: Quote[];
  /**
   * 'page' when the page was read; 'preview' when it is paywalled and only its free opening was read;
   * 'feed' when the page was unavailable and the feed's content was used.
   */
  basis: 'page' | 'preview' | 'feed';
  /** Why the full page could not be used, when basis is not 'page'. */
  fallbackReason?: string;
}

export interface Quote {
  text: string;
  /** The named person who said it; null when the text does not say. */
  speaker: string | null;
}
