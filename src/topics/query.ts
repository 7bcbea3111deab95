/**
 * Custom topic queries: `"bank of japan" AND (rate OR yen) -anime`.
 *
 * Grammar (operators are case-insensitive; adjacent terms are joined by AND):
 *   query   := or
 *   or      := and ( OR and )*
 *   and     := unary ( [AND] unary )*
 *   unary   := ( NOT | '-' ) unary | primary
 *   primary := '(' or ')' | "quoted phrase" | word
 * NOT binds tightest, then AND, then OR: `a OR b c` means `a OR (b AND c)`.
 *
 * The parser is a hand-written recursive descent over a bounded input (length, terms and
 * nesting are capped), and words become plain token lists, never regular expressions, so no
 * query can make matching slow.
 */
import { containsCjk, normalizeText, tokenize } from './text.ts';

export const MAX_QUERY_LENGTH = 300;
export const MAX_QUERY_TERMS = 30;
export const MAX_QUERY_DEPTH = 8;

/** One thing to look for in an article: a word, a phrase, or a CJK string. */
export interface TermSpec {
  /** The term as written, to tell people which terms matched. */
  display: string;
  /** Normalized word tokens of a Latin-script term; several make a phrase. Empty for a CJK term. */
  words: string[];
  /** Characters to find inside CJK text (no word boundaries there). */
  cjk?: string;
  /** Whether the last word also matches its regular inflections (tariff → tariffs, tariffed). */
  inflect: boolean;
  /** Case the words must have in the article ('upper': BTC; 'title': the Diet). Unset: any case. */
  wordCase?: 'upper' | 'title';
}

export type QueryNode =
  | { kind: 'term'; term: TermSpec }
  | { kind: 'and'; children: QueryNode[] }
  | { kind: 'or'; children: QueryNode[] }
  | { kind: 'not'; child: QueryNode };

/** A query that cannot be used; `message` quotes the query with a caret under the problem. */
export class QueryError extends Error {
  override readonly name = 'QueryError';
  constructor(
    readonly reason: string,
    readonly query: string,
    /** 0-based character offset of the problem in the query. */
    readonly position: number,
  ) {
    super(formatQueryError(reason, query, position));
  }
}

function formatQueryError(reason: string, query: string, position: number): string {
  // Show a window around the problem so the caret lines up even in long queries.
  const from = Math.max(0, position - 40);
  const to = Math.min(query.length, position + 40);
  const shown = (from > 0 ? '…' : '') + query.slice(from, to) + (to < query.length ? '…' : '');
  const caretAt = position - from + (from > 0 ? 1 : 0);
  return `${reason} (at character ${position + 1})\n${shown}\n${' '.repeat(caretAt)}^`;
}

type LexKind = 'word' | 'phrase' | 'and' | 'or' | 'not' | 'minus' | 'lparen' | 'rparen';
interface Lexeme {
  kind: LexKind;
  text: string;
  pos: number;
}

const OPEN_QUOTES: Record<string, string> = { '"': '"', '“': '”', '„': '“', '「': '」', '『': '』' };
const WORD_STOP = new Set([' ', '\t', '\n', '\r', '(', ')', '"', '“', '”', '„', '「', '」', '『', '』']);

function lex(query: string): Lexeme[] {
  const out: Lexeme[] = [];
  let i = 0;
  while (i < query.length) {
    const ch = query.charAt(i);
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(' || ch === ')') {
      out.push({ kind: ch === '(' ? 'lparen' : 'rparen', text: ch, pos: i });
      i++;
    } else if (ch in OPEN_QUOTES) {
      const close = OPEN_QUOTES[ch] ?? '"';
      let end = query.indexOf(close, i + 1);
      // Straight and curly quotes get mixed up by phones; accept either closing form for a straight/curly opener.
      if (end < 0 && (ch === '"' || ch === '“')) end = query.slice(i + 1).search(/["”]/) + (i + 1);
      if (end <= i) throw new QueryError('This quote is never closed', query, i);
      out.push({ kind: 'phrase', text: query.slice(i + 1, end), pos: i });
      i = end + 1;
    } else if (ch === '”' || ch === '」' || ch === '』') {
      throw new QueryError('This closing quote has no opening quote', query, i);
    } else if (ch === '-' && (out.length === 0 || precedesOperand(query, i))) {
      const next = query.charAt(i + 1);
      if (next === '' || /\s/.test(next)) {
        throw new QueryError('Put the word to exclude right after "-", e.g. -anime', query, i);
      }
      out.push({ kind: 'minus', text: '-', pos: i });
      i++;
    } else {
      let end = i;
      while (end < query.length && !WORD_STOP.has(query.charAt(end))) end++;
      const text = query.slice(i, end);
      const upper = text.toUpperCase();
      const kind: LexKind = upper === 'AND' || upper === '&&' ? 'and' : upper === 'OR' || upper === '||' ? 'or' : upper === 'NOT' ? 'not' : 'word';
      out.push({ kind, text, pos: i });
      i = end;
    }
  }
  return out;
}

/** A '-' starts an exclusion at the start of a query word (after space or '('), not inside "e-mail". */
function precedesOperand(query: string, i: number): boolean {
  const prev = query.charAt(i - 1);
  return prev === '' || /\s/.test(prev) || prev === '(';
}

/** Turn the text of one word or phrase into a term; a word mixing CJK and Latin becomes an AND of its parts. */
function termNodes(text: string, query: string, pos: number): QueryNode {
  const normalized = normalizeText(text);
  const { words, cjk } = tokenize(normalized);
  const nodes: QueryNode[] = [];
  if (words.length > 0) {
    nodes.push({ kind: 'term', term: { display: text.trim(), words: words.map((w) => w.norm), inflect: true } });
  }
  for (const run of cjk) {
    nodes.push({ kind: 'term', term: { display: run.text, words: [], cjk: run.text, inflect: false } });
  }
  if (nodes.length === 0) {
    throw new QueryError(`"${text}" has no letters or digits to look for`, query, pos);
  }
  if (nodes.length > 1 && words.length > 0 && containsCjk(normalized)) {
    // Mixed scripts: keep every part required rather than guessing an order across scripts.
    for (const n of nodes) if (n.kind === 'term') n.term.display = n.term.cjk ?? n.term.words.join(' ');
  }
  return nodes.length === 1 ? (nodes[0] as QueryNode) : { kind: 'and', children: nodes };
}

class Parser {
  private at = 0;
  private terms = 0;
  constructor(
    private readonly lexemes: Lexeme[],
    private readonly query: string,
  ) {}

  parse(): QueryNode {
    if (this.lexemes.length === 0) throw new QueryError('The query is empty', this.query, 0);
    const node = this.parseOr(0);
    const extra = this.peek();
    if (extra) {
      throw new QueryError(
        extra.kind === 'rparen' ? 'This ")" has no matching "("' : `Unexpected "${extra.text}"`,
        this.query,
        extra.pos,
      );
    }
    return node;
  }

  private peek(): Lexeme | undefined {
    return this.lexemes[this.at];
  }

  private endPos(): number {
    return this.query.length;
  }

  private parseOr(depth: number): QueryNode {
    const children = [this.parseAnd(depth)];
    while (this.peek()?.kind === 'or') {
      this.at++;
      children.push(this.parseAnd(depth));
    }
    return children.length === 1 ? (children[0] as QueryNode) : { kind: 'or', children };
  }

  private parseAnd(depth: number): QueryNode {
    const children = [this.parseUnary(depth)];
    for (;;) {
      const next = this.peek();
      if (!next || next.kind === 'or' || next.kind === 'rparen') break;
      if (next.kind === 'and') this.at++;
      children.push(this.parseUnary(depth));
    }
    return children.length === 1 ? (children[0] as QueryNode) : { kind: 'and', children };
  }

  private parseUnary(depth: number): QueryNode {
    const next = this.peek();
    if (next && (next.kind === 'not' || next.kind === 'minus')) {
      this.at++;
      return { kind: 'not', child: this.parseUnary(depth) };
    }
    return this.parsePrimary(depth);
  }

  private parsePrimary(depth: number): QueryNode {
    const lexeme = this.peek();
    if (!lexeme) {
      const last = this.lexemes[this.lexemes.length - 1];
      throw new QueryError(
        last && last.kind !== 'lparen' ? `Expected a word after "${last.text}"` : 'Expected a word or a closing ")"',
        this.query,
        this.endPos(),
      );
    }
    switch (lexeme.kind) {
      case 'lparen': {
        if (depth >= MAX_QUERY_DEPTH) {
          throw new QueryError(`Parentheses nest deeper than ${MAX_QUERY_DEPTH} levels`, this.query, lexeme.pos);
        }
        this.at++;
        if (this.peek()?.kind === 'rparen') throw new QueryError('Empty parentheses', this.query, lexeme.pos);
        const inner = this.parseOr(depth + 1);
        const close = this.peek();
        if (close?.kind !== 'rparen') throw new QueryError('This "(" is never closed', this.query, lexeme.pos);
        this.at++;
        return inner;
      }
      case 'word':
      case 'phrase': {
        this.at++;
        if (++this.terms > MAX_QUERY_TERMS) {
          throw new QueryError(`A query can have at most ${MAX_QUERY_TERMS} terms`, this.query, lexeme.pos);
        }
        return termNodes(lexeme.text, this.query, lexeme.pos);
      }
      case 'rparen':
        throw new QueryError('This ")" has no matching "("', this.query, lexeme.pos);
      default:
        throw new QueryError(`Expected a word before "${lexeme.text}"`, this.query, lexeme.pos);
    }
  }
}

/** Evaluate a query against a predicate saying which terms the article contains. */
export function evaluateQuery(node: QueryNode, has: (term: TermSpec) => boolean): boolean {
  switch (node.kind) {
    case 'term':
      return has(node.term);
    case 'and':
      return node.children.every((c) => evaluateQuery(c, has));
    case 'or':
      return node.children.some((c) => evaluateQuery(c, has));
    case 'not':
      return !evaluateQuery(node.child, has);
  }
}

/** Terms whose presence can make the query true (not under an odd number of NOTs). */
export function positiveTerms(node: QueryNode, negated = false, out: TermSpec[] = []): TermSpec[] {
  switch (node.kind) {
    case 'term':
      if (!negated) out.push(node.term);
      break;
    case 'and':
    case 'or':
      for (const c of node.children) positiveTerms(c, negated, out);
      break;
    case 'not':
      positiveTerms(node.child, !negated, out);
      break;
  }
  return out;
}

export function allTerms(node: QueryNode, out: TermSpec[] = []): TermSpec[] {
  if (node.kind === 'term') out.push(node.term);
  else if (node.kind === 'not') allTerms(node.child, out);
  else for (const c of node.children) allTerms(c, out);
  return out;
}

/**
 * Parse a custom query. Throws QueryError (with the position of the problem) when the query is
 * malformed, too long, or would match articles that contain none of its words (e.g. `-anime`).
 */
export function parseQuery(query: string): QueryNode {
  if (query.length > MAX_QUERY_LENGTH) {
    throw new QueryError(`A query can be at most ${MAX_QUERY_LENGTH} characters long`, query, MAX_QUERY_LENGTH);
  }
  const node = new Parser(lex(query), query).parse();
  // Matching starts from the words an article contains, so a query must need at least one of them.
  if (evaluateQuery(node, () => false)) {
    throw new QueryError('The query must include at least one word that has to appear (not only exclusions)', query, 0);
  }
  return node;
}

/** Render a parsed query back as text with explicit operators and parentheses (for /following and tests). */
export function formatQuery(node: QueryNode): string {
  switch (node.kind) {
    case 'term':
      return node.term.words.length > 1 || /\s/.test(node.term.display) ? `"${node.term.display}"` : node.term.display;
    case 'not':
      return `NOT ${formatQuery(node.child)}`;
    case 'and':
    case 'or':
      return `(${node.children.map(formatQuery).join(node.kind === 'and' ? ' AND ' : ' OR ')})`;
  }
}
