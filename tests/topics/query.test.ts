import { describe, expect, it } from 'vitest';
import { formatQuery, MAX_QUERY_LENGTH, MAX_QUERY_TERMS, parseQuery, QueryError } from '../../src/topics/query.ts';

function shape(query: string): string {
  return formatQuery(parseQuery(query));
}

function errorOf(query: string): QueryError {
  try {
    parseQuery(query);
  } catch (e) {
    if (e instanceof QueryError) return e;
    throw e;
  }
  throw new Error(`expected "${query}" to be rejected`);
}

describe('parseQuery', () => {
  it('joins adjacent terms with AND and keeps quoted phrases together', () => {
    expect(shape('"bank of japan" rate')).toBe('("bank of japan" AND rate)');
  });

  it('binds NOT tighter than AND, and AND tighter than OR', () => {
    expect(shape('a OR b c')).toBe('(a OR (b AND c))');
    expect(shape('a b OR c')).toBe('((a AND b) OR c)');
    expect(shape('NOT a b')).toBe('(NOT a AND b)');
  });

  it('honours parentheses', () => {
    expect(shape('japan AND (economy OR yen)')).toBe('(japan AND (economy OR yen))');
  });

  it('reads a leading minus as NOT but keeps hyphens inside words', () => {
    expect(shape('"bank of japan" AND (rate OR yen) -anime')).toBe('("bank of japan" AND (rate OR yen) AND NOT anime)');
    expect(shape('e-mail')).toBe('"e-mail"');
  });

  it('accepts operators in any case', () => {
    expect(shape('japan or china and not korea')).toBe('(japan OR (china AND NOT korea))');
  });

  it('rejects a query that only excludes things', () => {
    expect(errorOf('-anime').reason).toMatch(/at least one word/);
    expect(errorOf('NOT (a OR b)').reason).toMatch(/at least one word/);
  });

  it('points at an unclosed parenthesis with a caret', () => {
    const e = errorOf('japan AND (yen OR rate');
    expect(e.position).toBe(10);
    expect(e.message).toContain('never closed');
    const [, line, caret] = e.message.split('\n');
    expect(line).toBe('japan AND (yen OR rate');
    expect(caret).toBe(' '.repeat(10) + '^');
  });

  it('points at a stray closing parenthesis, an unclosed quote and a dangling operator', () => {
    expect(errorOf('japan yen)').position).toBe(9);
    expect(errorOf('"bank of japan AND yen').position).toBe(0);
    const dangling = errorOf('japan AND');
    expect(dangling.position).toBe(9);
    expect(dangling.reason).toMatch(/after "AND"/);
    expect(errorOf('OR japan').position).toBe(0);
    expect(errorOf('japan ()').reason).toMatch(/Empty parentheses/);
  });

  it('rejects a "-" that is not attached to a word', () => {
    expect(errorOf('japan - anime').position).toBe(6);
  });

  it('rejects words with nothing to match', () => {
    expect(errorOf('japan ***').reason).toMatch(/no letters or digits/);
  });

  it('limits length, number of terms and nesting', () => {
    expect(errorOf('a'.repeat(MAX_QUERY_LENGTH + 1)).reason).toMatch(/at most 300 characters/);
    const many = Array.from({ length: MAX_QUERY_TERMS + 1 }, (_, i) => `w${i}`).join(' ');
    expect(errorOf(many).reason).toMatch(/at most 30 terms/);
    expect(errorOf('('.repeat(20) + 'a' + ')'.repeat(20)).reason).toMatch(/nest deeper/);
  });

  it('treats regex-like hostile input as plain words, quickly', () => {
    const started = performance.now();
    expect(shape('(aa+ OR bb*) cc? x{1,99}')).toBe('((aa+ OR bb*) AND cc? AND "x{1,99}")');
    expect(errorOf('(a+)+$').reason).toMatch(/no letters or digits/);
    expect(errorOf('('.repeat(150)).reason).toMatch(/nest deeper/);
    expect(errorOf('x'.repeat(100_000)).reason).toMatch(/at most 300/);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('shows a window around the problem in a long query so the caret still lines up', () => {
    const query = 'alpha '.repeat(20) + ')';
    const e = errorOf(query);
    const [, line, caret] = e.message.split('\n');
    expect(line?.charAt(caret?.indexOf('^') ?? -1)).toBe(')');
  });

  it('splits a word that mixes Japanese and Latin letters into required parts', () => {
    expect(shape('日銀rate')).toBe('(rate AND 日銀)');
  });
});
