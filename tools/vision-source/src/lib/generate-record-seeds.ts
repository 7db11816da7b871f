import type { RecordSeed } from '../types.js';

const SUBJECTS = [
  'a lighthouse at dusk',
  'a red fox in snow',
  'a bowl of ramen',
  'a city street, rainy night',
  'an old library',
];
const VERSIONS = ['--v 6', '--v 6.0', '--v 5.2', '--v 6'];

/**
 * Prompts shaped like subnet 19's: a subject, Midjourney flags, mostly version 6 (every fourth
 * record is 5.2 so version filtering has something to drop). Timestamps one minute apart, newest first.
 */
export function generateRecordSeeds(count: number, newest = Date.UTC(2026, 0, 1)): RecordSeed[] {
  return Array.from({ length: count }, (_, i) => ({
    prompt: `${SUBJECTS[i % SUBJECTS.length]} #${i}, detailed --ar 1:1 ${VERSIONS[i % VERSIONS.length]} --style raw`,
    timestamp: new Date(newest - i * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  }));
}
