import type { ListRecordsOptions, ListedRecords, VisionSource } from '../types/public.js';
import { cleanPrompt } from './clean-prompt.js';
import { promptMatchesVersion } from './prompt-matches-version.js';
import { retryEvent } from './retry-event.js';

/**
 * Pages through the source (newest first) until `numSamples` records carry the wanted Midjourney
 * version or the source runs dry. Prompts are cleaned; a repeated image URL is listed once. Progress
 * and each retried page are reported through `onEvent` as they happen.
 */
export async function listRecords(source: VisionSource, options: ListRecordsOptions): Promise<ListedRecords> {
  const pageSize = options.pageSize ?? 10_000;
  const seenUrls = new Set<string>();
  const result: ListedRecords = { records: [], scanned: 0, duplicates: 0 };
  options.onEvent?.({ type: 'progress', phase: 'listing', done: 0, total: options.numSamples });
  for (let offset = 0; result.records.length < options.numSamples; offset += pageSize) {
    const page = await source.fetchPage(offset, pageSize, {
      signal: options.signal,
      onRetry: (notice) => options.onEvent?.(retryEvent('listing', source.name, notice)),
    });
    if (page.length === 0) break;
    for (const record of page) {
      result.scanned += 1;
      if (!promptMatchesVersion(record.prompt, options.mjVersion)) continue;
      if (seenUrls.has(record.image_url)) {
        result.duplicates += 1;
        continue;
      }
      seenUrls.add(record.image_url);
      result.records.push({
        index: result.records.length + 1,
        prompt: cleanPrompt(record.prompt),
        image_url: record.image_url,
        timestamp: record.timestamp,
      });
      if (result.records.length >= options.numSamples) break;
    }
    options.onEvent?.({
      type: 'progress',
      phase: 'listing',
      done: result.records.length,
      total: options.numSamples,
    });
  }
  return result;
}
