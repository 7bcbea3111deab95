import { describe, expect, it } from 'vitest';
import { coverageField, withCoverage } from '../../src/discord/render-coverage.ts';

const outlet = (n: number) => ({ source: `Outlet ${n}`, url: `https://outlet${n}.example/story` });

describe('"Also reported by" on an alert', () => {
  it('links the other outlets, names each once, leaves out the alert\'s own, and says how many more', () => {
    const reports = [outlet(0), outlet(1), { ...outlet(1), url: 'https://outlet1.example/again' }, outlet(2), outlet(3), outlet(4), outlet(5), outlet(6)];
    const field = coverageField(reports, 'Outlet 0', 'en-US')!;
    expect(field.name).toBe('Also reported by');
    expect(field.value).toBe(
      '[Outlet 1](<https://outlet1.example/story>), [Outlet 2](<https://outlet2.example/story>), [Outlet 3](<https://outlet3.example/story>), [Outlet 4](<https://outlet4.example/story>), [Outlet 5](<https://outlet5.example/story>) +1 more',
    );
    expect(coverageField([outlet(0)], 'outlet 0', 'en-US')).toBeUndefined();
  });

  it('never lets an outlet name become markup, and a link that is not http(s) stays plain text', () => {
    const field = coverageField([{ source: 'Evil [bank](https://evil.example) @everyone', url: 'javascript:alert(1)' }], 'Desk', undefined)!;
    expect(field.value).not.toMatch(/\]\(/);
    expect(field.value).not.toMatch(/javascript:/);
    expect(field.value).not.toMatch(/@everyone/);
  });

  it('stays within Discord\'s field limit however many outlets there are', () => {
    const many = Array.from({ length: 300 }, (_, i) => ({ source: `A rather long outlet name number ${i}`, url: `https://outlet${i}.example/${'x'.repeat(150)}` }));
    expect(coverageField(many, 'Desk', 'ja')!.value.length).toBeLessThanOrEqual(1024);
  });

  it('replaces the field on an edit, in the server\'s language, whatever language it was posted in', () => {
    const english = withCoverage({ title: 'Port strike spreads', fields: [{ name: 'Ada said', value: '“x”' }, { name: 'ほかの報道', value: 'old' }] }, [outlet(1)], 'Desk', 'en-US');
    expect(english.fields).toEqual([{ name: 'Ada said', value: '“x”' }, { name: 'Also reported by', value: '[Outlet 1](<https://outlet1.example/story>)', inline: false }]);
    const japanese = withCoverage({ title: 'Port strike spreads' }, [outlet(1), outlet(2)], 'Desk', 'ja');
    expect(japanese.fields).toEqual([{ name: 'ほかの報道', value: '[Outlet 1](<https://outlet1.example/story>)、[Outlet 2](<https://outlet2.example/story>)', inline: false }]);
  });
});

describe('"Also reported by" with more outlets than it names', () => {
  const many = Array.from({ length: 9 }, (_, i) => ({ source: `Outlet ${i}`, url: `https://outlet${i}.example/story` }));

  it('says how many more the way each language writes it: "… +3 more" in English, "…ほか3件" in Japanese', () => {
    expect(coverageField(many, 'Outlet 0', 'en-US')!.value).toMatch(/\(<https:\/\/outlet5\.example\/story>\) \+3 more$/);
    expect(coverageField(many, 'Outlet 0', 'ja')!.value).toMatch(/\(<https:\/\/outlet5\.example\/story>\)ほか3件$/);
  });
});
