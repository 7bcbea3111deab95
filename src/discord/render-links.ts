/**
 * A URL as the target of a markdown link. Discord ends a link's target at the first ")" that is not part of a
 * balanced pair, even inside <…>, so a Wikipedia-style "…/Harbour_(port)" or a stray ")" in a query would cut
 * the link short and spill the rest of the URL into the text. Parentheses are percent-encoded: the same address
 * to every web server, and nothing left for the markdown to misread.
 */
export function linkTarget(url: string): string {
  return url.replace(/\(/g, '%28').replace(/\)/g, '%29');
}
