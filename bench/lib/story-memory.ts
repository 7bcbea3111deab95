/**
 * What one story costs in the bot's same-story window, measured on its own: a StoryIndex filled with generated
 * stories, the heap compared after full collections. The soak uses it to tell the window's planned growth
 * (bounded by its 48 hours) from anything else that grows.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { signatureOf, StoryIndex, titleWords, type StoryEntry } from '../../src/news/stories/same-story.ts';
import { madeUpName, makeParagraphs, makeTitle, rng } from './synthetic-news.ts';

function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

export function bytesPerIndexedStory(count = 20_000): number {
  const gc = collector();
  const random = rng(5);
  gc();
  gc();
  const before = process.memoryUsage();
  const index = new StoryIndex();
  // Each story's strings are made here, after the first measurement, as the bot's come from articles it read.
  for (let i = 0; i < count; i++) {
    const title = `${makeTitle(random, 0.5)} ${madeUpName(random)}`;
    const lead = makeParagraphs(title, random, 1).join(' ');
    const url = `https://wire${i % 97}.example/news/${i}-${madeUpName(random).toLowerCase()}`;
    const entry: StoryEntry = { storyId: url, canonicalUrl: url, title, source: `Wire ${i % 97}`, at: i, signature: signatureOf(`${title} ${lead}`), titleWords: titleWords(title) };
    index.add(entry);
  }
  gc();
  gc();
  const after = process.memoryUsage();
  if (index.size !== count) throw new Error('index lost stories');
  // `external` includes the typed arrays' backing stores.
  return (after.heapUsed + after.external - (before.heapUsed + before.external)) / count;
}
