import type { ListRecordsOptions, ListedRecords, RecordSource } from '../types/public.js';
import { cleanPrompt } from './clean-prompt.js';
import { promptMatchesVersion } from './prompt-matches-version.js';
import { retryEvent } from './retry-event.js';

/**
 * Prompts longer than this (after cleaning) are cut: a caption comes from strangers, CLIP reads at most 77
 * tokens, and Midjourney itself takes at most 6000 characters.
 */
export const MAX_PROMPT_CHARS = 6000;

/**
 * Reads the source's records in its order until `numSamples` of them carry the wanted Midjourney version (as the
 * source's `versionFilter` says) or the source runs dry. Prompts are cleaned and cut to MAX_PROMPT_CHARS; a
 * repeated image location is listed once. Progress, each retried request and each dataset shard are reported
 * through `onEvent` as they happen.
 */
export async function listRecords(source: RecordSource, options: ListRecordsOptions): Promise<ListedRecords> {
  const seenImages = new Set<string>();
  const result: ListedRecords = { records: [], scanned: 0, duplicates: 0 };
  const keepUnversioned = source.versionFilter === 'when-present';
  const progress = () =>
    options.onEvent?.({
      type: 'progress',
      phase: 'listing',
      done: result.records.length,
      total: options.numSamples,
    });
  progress();
  const records = source.records({
    signal: options.signal,
    onRetry: (notice) => options.onEvent?.(retryEvent('listing', source.name, notice)),
    onEvent: options.onEvent,
  });
  for await (const record of records) {
    result.scanned += 1;
    if (!promptMatchesVersion(record.prompt, options.mjVersion, { keepUnversioned })) continue;
    if (seenImages.has(record.image_url)) {
      result.duplicates += 1;
      continue;
    }
    seenImages.add(record.image_url);
    result.records.push({
      index: result.records.length + 1,
      prompt: cleanPrompt(record.prompt).slice(0, MAX_PROMPT_CHARS),
      image_url: record.image_url,
      ...(record.timestamp !== undefined && { timestamp: record.timestamp }),
    });
    progress();
    if (result.records.length >= options.numSamples) break;
  }
  return result;
}
