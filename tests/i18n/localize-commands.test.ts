import { describe, expect, it } from 'vitest';
import { commands } from '../../src/commands/index.ts';
import ja from '../../src/i18n/commands.ja.json' with { type: 'json' };
import { localizeCommands } from '../../src/i18n/localize-commands.ts';

interface Node {
  name: string;
  description?: string;
  name_localizations?: Record<string, string>;
  description_localizations?: Record<string, string>;
  options?: Node[];
  choices?: { name: string; value: string | number; name_localizations?: Record<string, string> }[];
}

const localized = localizeCommands(commands.map((c) => c.data.toJSON())) as unknown as Node[];
function* walk(nodes: Node[], parent = ''): Generator<{ path: string; node: Node; siblings: Node[] }> {
  for (const node of nodes) {
    const path = parent ? `${parent}.${node.name}` : node.name;
    yield { path, node, siblings: nodes };
    if (node.options) yield* walk(node.options, path);
  }
}
const all = [...walk(localized)];

describe('Japanese command names and descriptions', () => {
  it('every command, subcommand, option and choice has them', () => {
    for (const { path, node } of all) {
      expect(node.name_localizations?.ja, path).toBeTruthy();
      expect(node.description_localizations?.ja, path).toBeTruthy();
      for (const choice of node.choices ?? []) expect(choice.name_localizations?.ja, `${path}=${choice.value}`).toBeTruthy();
    }
  });

  it('the catalogue names nothing that does not exist (a renamed option would silently lose its translation)', () => {
    const paths = new Set(all.map((a) => a.path));
    for (const key of Object.keys(ja.names)) expect(paths.has(key), key).toBe(true);
  });

  it('keeps within what Discord accepts: names 1–32 letters or digits, descriptions ≤ 100, names unique among siblings', () => {
    for (const { path, node, siblings } of all) {
      const name = node.name_localizations!.ja!;
      expect(name, path).toMatch(/^[-_\p{L}\p{N}]{1,32}$/u);
      expect(node.description_localizations!.ja!.length, path).toBeLessThanOrEqual(100);
      const same = siblings.filter((s) => s.name_localizations?.ja === name);
      expect(same, `${path}: ${name}`).toHaveLength(1);
    }
  });
});
