import { describe, expect, it } from 'vitest';
import { localeOf, messagesFor } from '../../src/i18n/messages.ts';
import { loadCatalog } from '../../src/topics/catalog.ts';
import { FAILURE_KINDS } from '../../src/i18n/catalog/failures.ts';

/** Every leaf of a table as text: strings as they are, functions called with placeholder arguments. */
function leaves(node: unknown, path: string, out: Map<string, string>): Map<string, string> {
  if (typeof node === 'string') out.set(path, node);
  else if (path === 'failures.reason') {
    // One entry per kind of failure, each worded from its kind and what detail it has.
    for (const kind of FAILURE_KINDS) out.set(`${path}.${kind}`, (node as (k: string, d: object) => string)(kind, { english: 'The site could not be read.', host: 'news.example', status: 503 }));
  } else if (typeof node === 'function') {
    const args = Array.from({ length: Math.max(node.length, 1) }, (_, i) => (i % 2 ? 2 : 'ＸＸ'));
    const value: unknown = (node as (...a: unknown[]) => unknown)(...args);
    out.set(path, String(value));
  } else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) leaves(v, path ? `${path}.${k}` : k, out);
  return out;
}

describe('the message catalogue', () => {
  const en = leaves(messagesFor('en-US'), '', new Map());
  const ja = leaves(messagesFor('ja'), '', new Map());

  it('has a Japanese entry for every English one and a Japanese name for every built-in topic, none of them empty', () => {
    const shared = (keys: Iterable<string>) => [...keys].filter((k) => !k.startsWith('topics.names.')).sort();
    expect([...ja.keys()].filter((k) => k.startsWith('failures.reason.'))).toHaveLength(FAILURE_KINDS.length);
    expect(shared(ja.keys())).toEqual(shared(en.keys()));
    for (const topic of loadCatalog()) expect(ja.get(`topics.names.${topic.id}.name`), topic.id).toBeTruthy();
    for (const [path, text] of ja) expect(text.trim(), path).not.toBe('');
  });

  it('leaves no English sentence in the Japanese table (command names, codes and permission-free terms aside)', () => {
    const untranslated = [...ja].filter(([path, text]) => {
      if (path.startsWith('topics.')) return false;
      // Three English words in a row outside backticks and slash commands is a sentence someone forgot.
      const prose = text.replace(/`[^`]*`/g, '').replace(/\/[a-z]+( [a-z]+)?( [a-z]+:[^\s]+)*/g, '').replace(/<[^>]+>/g, '');
      return /\b[A-Za-z]{2,}\s+[A-Za-z]{2,}\s+[A-Za-z]{2,}\b/.test(prose) && !/STARTER_FEEDS|bank of japan|AND \(rate OR yen\)|OpenAI|DeepMind/.test(prose);
    });
    expect(untranslated).toEqual([]);
  });

  it('reads Discord locales: Japanese for ja, English for every language it does not have yet', () => {
    expect(localeOf('ja')).toBe('ja');
    expect(localeOf('en-GB')).toBe('en');
    expect(localeOf('pt-BR')).toBe('en');
    expect(localeOf(undefined)).toBe('en');
    expect(messagesFor('fr').members.unfollow.done('Japan')).toBe('You no longer follow **Japan**.');
  });
});
