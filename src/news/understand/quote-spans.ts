/**
 * Finds quotations in a list of paragraphs: straight "…", curly “…”, single ‘…’, low-high „…“ (German, Czech,
 * Polish), guillemets «…» and »…«, Japanese 「…」 and 『…』.
 * Offsets refer to the paragraphs joined with blank lines (the article's `text`), so a quotation that
 * runs over several paragraphs is still one verbatim slice. News convention for long quotations: each
 * continuing paragraph opens with a quote mark and only the last one closes.
 */

export interface QuoteSpan {
  /** Offset of the opening mark in the joined text. */
  open: number;
  /** Offset of the closing mark, or of the paragraph end when the quotation was never closed. */
  close: number;
  mark: string;
  /** Paragraph indices where the quotation starts and ends. */
  firstParagraph: number;
  lastParagraph: number;
  closed: boolean;
}

export const PARAGRAPH_SEPARATOR = '\n\n';

// » opens only where no « is open: French « … » closes with it, German » … « opens with it.
const CLOSER: Record<string, string> = { '"': '"', '“': '”', '‘': '’', '「': '」', '『': '』', '«': '»', '„': '“', '»': '«' };
const OPENERS = new Set(Object.keys(CLOSER));

export function joinParagraphs(paragraphs: string[]): { text: string; starts: number[] } {
  const starts: number[] = [];
  let pos = 0;
  for (const p of paragraphs) {
    starts.push(pos);
    pos += p.length + PARAGRAPH_SEPARATOR.length;
  }
  return { text: paragraphs.join(PARAGRAPH_SEPARATOR), starts };
}

/** Can the single-quote character at i open a quotation (not an apostrophe)? */
function singleOpens(s: string, i: number): boolean {
  const prev = i > 0 ? s[i - 1]! : ' ';
  return /[\s([—–-]/.test(prev) && /[\p{L}\p{N}]/u.test(s[i + 1] ?? '');
}

/** Scripts with no apostrophe inside words, whose particles attach straight to a closing mark (‘데이트 폭력’이, ‘改革’を). */
const NO_APOSTROPHE_SCRIPT = /[\p{Script=Hangul}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;

/** Can ’ at i close a single-quoted quotation (not "don’t", not "players’ union" mid-phrase)? */
function singleCloses(s: string, i: number): boolean {
  const next = s[i + 1] ?? ' ';
  if (!/[^\s]/.test(s[i - 1] ?? ' ')) return false;
  if (NO_APOSTROPHE_SCRIPT.test(next)) return true;
  return !/\p{L}/u.test(next) && /[\s,.;:!?)—–-]|$/.test(next || ' ');
}

/** Straight and curly double quotes get mixed in copy-edited text: “…" and "…” are still one quotation. */
function mixedCloser(mark: string, s: string, i: number): boolean {
  const ch = s[i];
  if (mark === '"' && ch === '”') return true;
  // „…” (Polish, Hungarian, Romanian) and „…" typed with a straight closing mark.
  if (mark === '„') return ch === '”' || (ch === '"' && /\S/.test(s[i - 1] ?? ' '));
  if (mark === '“' && ch === '"') return !/[\p{L}\p{N}]/u.test(s[i + 1] ?? '') && /\S/.test(s[i - 1] ?? ' ');
  return false;
}

/** Does this paragraph close a quotation opened with `mark` before it opens another? */
function closesLater(para: string, mark: string): boolean {
  const closer = CLOSER[mark]!;
  for (let i = 0; i < para.length; i++) {
    const ch = para[i]!;
    if (ch === closer || mixedCloser(mark, para, i)) return true;
    if (OPENERS.has(ch) && ch !== '"' && ch !== '‘') return false;
  }
  return false;
}

export function findQuoteSpans(paragraphs: string[]): QuoteSpan[] {
  const { starts } = joinParagraphs(paragraphs);
  const spans: QuoteSpan[] = [];
  let current: { open: number; mark: string; para: number } | null = null;
  let depth = 0; // nesting of the same Japanese bracket inside the current quotation

  for (let p = 0; p < paragraphs.length; p++) {
    const para = paragraphs[p]!;
    const base = starts[p]!;
    let i = 0;
    if (current) {
      // Continuing paragraph of a long quotation: skip its opening mark (none when a line break split a sentence).
      const lead = /^\s*/.exec(para)![0].length;
      i = OPENERS.has(para[lead] ?? '') ? lead + 1 : lead;
    }
    for (; i < para.length; i++) {
      const ch = para[i]!;
      if (current) {
        const closer = CLOSER[current.mark]!;
        if (ch === current.mark && closer !== ch && (current.mark === '「' || current.mark === '『')) {
          depth++;
        } else if ((ch === closer || mixedCloser(current.mark, para, i)) && (current.mark !== '‘' || singleCloses(para, i))) {
          if (depth > 0) {
            depth--;
            continue;
          }
          spans.push({ open: current.open, close: base + i, mark: current.mark, firstParagraph: current.para, lastParagraph: p, closed: true });
          current = null;
        }
        continue;
      }
      if (!OPENERS.has(ch)) continue;
      if (ch === '‘' && !singleOpens(para, i)) continue;
      // 27" screen, a 65"+ TV: a straight mark right after a figure is inches, and opens nothing.
      if (ch === '"' && /\p{N}/u.test(para[i - 1] ?? '')) continue;
      current = { open: base + i, mark: ch, para: p };
      depth = 0;
    }
    if (current) {
      const next = paragraphs[p + 1]?.trimStart() ?? '';
      // A quotation continues into a paragraph that opens with a quote mark, or with a lower-case word
      // (a line break in the middle of a sentence, as in text copied from a PDF or an e-mail).
      const continues =
        next.startsWith(current.mark) || (current.mark === '"' && next.startsWith('“')) || (current.mark === '“' && next.startsWith('"')) ||
        (current.mark !== '‘' && /^\p{Ll}/u.test(next) && /[^.!?]["”]?$/.test(para.trimEnd()) && closesLater(paragraphs[p + 1]!, current.mark));
      if (!continues) {
        spans.push({ open: current.open, close: base + para.length, mark: current.mark, firstParagraph: current.para, lastParagraph: p, closed: false });
        current = null;
      }
    }
  }
  return spans;
}
