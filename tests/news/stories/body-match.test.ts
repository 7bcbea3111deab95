import { describe, expect, it } from 'vitest';
import { BodyIndex, bodySketch } from '../../../src/news/stories/body-match.ts';

const HOUR = 3600_000;

const original = [
  'The old swing bridge over the Marrow estuary will close to all traffic for eleven weeks from next Monday while engineers replace the corroded turning mechanism, the county roads department announced on Thursday.',
  'Drivers heading between Eastholm and the ferry port face a detour of about nineteen kilometres through Brackley village, and the department has asked hauliers to plan routes that avoid the narrow lanes near the primary school.',
  'A temporary footbridge for pedestrians and cyclists will open alongside the closed span on the second day of the works, and a shuttle bus will run every twenty minutes between the two banks from six in the morning until midnight.',
  'Engineers found last spring that two of the four bearings under the turning deck had worn far beyond what inspectors expected, and the bridge has since been limited to vehicles under seven tonnes.',
  'Local traders worry that the closure overlaps with the start of the tourist season. The owner of a café on the harbour front said takings fell by a third during a shorter closure four years ago, and asked the council for rate relief.',
  'The department said the new mechanism should keep the bridge in service for another forty years, and that it would publish weekly progress notes on its website and at the library in Eastholm.',
].join('\n\n');

/** Another outlet's copy: its own headline, byline, related links in the middle, newsletter box, last paragraph cut. */
function syndicated(text: string): string {
  const paragraphs = text.split('\n\n');
  const kept = paragraphs.slice(0, -1);
  return [
    'Eleven-week shutdown for Marrow swing bridge as bearings are replaced',
    'By Priya Halden, transport correspondent · Published 08:15',
    ...kept.slice(0, 3),
    'Related coverage\n• Ferry fares to rise in spring\n• Brackley residents petition for speed limits\n• Harbour café wins regional award',
    ...kept.slice(3),
    'Sign up for The Estuary Daily: the morning news from our towns, free in your inbox every weekday. You can unsubscribe at any time.',
  ].join('\n\n');
}

/** The same event written up independently: same facts and names, different sentences. */
const sameSubject = [
  'Motorists will lose the Marrow swing bridge for nearly three months. County officials said on Thursday that work to fit a new turning mechanism starts on Monday and should finish in eleven weeks.',
  'The route between Eastholm and the ferry port will be diverted through Brackley, adding roughly nineteen kilometres, and lorry drivers are being told to keep out of the lanes by the school.',
  'People on foot or on bikes will be able to cross on a temporary footbridge, and shuttle buses will link the banks every twenty minutes during the day and evening.',
  'Inspectors discovered last year that bearings under the deck had worn badly, which is why a weight limit of seven tonnes has applied since the spring.',
  'Business owners near the harbour fear for the tourist season and have asked the council for help with their rates.',
].join('\n\n');

const unrelated = [
  'The Eastholm library will extend its opening hours on weekday evenings from next month after a survey found that most students wanted a quiet place to work after school.',
  'The library trust said the change would cost about nine thousand pounds a year, paid for by a grant from a local housing association and by savings on heating after new windows were fitted.',
  'Volunteers will run homework clubs on Tuesday and Thursday evenings, and the children’s section will host a reading challenge over the summer holidays with prizes donated by shops in the high street.',
  'Staff said weekend hours would not change, and that the mobile library van would keep its rounds of the outlying villages every second Wednesday.',
].join('\n\n');

describe('BodyIndex: syndicated copies at body level', () => {
  it('joins a copy republished under a new headline, inside another frame and without its last paragraph', () => {
    const index = new BodyIndex();
    index.add(bodySketch(original), 'estuary-bridge', 0);
    index.add(bodySketch(unrelated), 'library-hours', HOUR);
    const hit = index.find(bodySketch(syndicated(original)));
    expect(hit?.storyId).toBe('estuary-bridge');
    expect(hit!.containment).toBeGreaterThan(0.6);
  });

  it('does not join another write-up of the same event, nor an unrelated article', () => {
    const index = new BodyIndex();
    index.add(bodySketch(original), 'estuary-bridge', 0);
    expect(index.find(bodySketch(sameSubject))).toBeUndefined();
    expect(index.find(bodySketch(unrelated))).toBeUndefined();
  });

  it('does not judge texts too short to tell apart', () => {
    const index = new BodyIndex();
    index.add(bodySketch(original), 'estuary-bridge', 0);
    expect(bodySketch('Bridge closes for repairs.').length).toBe(0);
    expect(index.find(bodySketch('Bridge closes for repairs.'))).toBeUndefined();
  });

  it('forgets bodies first seen before the cutoff', () => {
    const index = new BodyIndex();
    index.add(bodySketch(original), 'estuary-bridge', 0);
    expect(index.prune(49 * HOUR - 48 * HOUR)).toBe(1);
    expect(index.find(bodySketch(syndicated(original)))).toBeUndefined();
    expect(index.size).toBe(0);
  });
});
