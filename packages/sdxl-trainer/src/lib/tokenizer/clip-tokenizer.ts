import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { componentDir } from '../folders/component-dir.js';
import { readJsonFile } from '../folders/read-json-file.js';
import { basicTokenize } from './basic-tokenize.js';
import { bytesToUnicode } from './bytes-to-unicode.js';
import { fixText } from './fix-text.js';
import { PYTHON_WHITESPACE } from './python-whitespace.js';

/** How a prompt is cleaned before BPE: as transformers does with ftfy installed, or its fallback without. */
export type TextCleanup = 'ftfy' | 'basic';

export interface CLIPTokenizerOptions {
  /** Default 'ftfy', as in the reference trainer (ftfy is in its requirements). */
  textCleanup?: TextCleanup;
}

export interface CLIPTokenizerFiles extends CLIPTokenizerOptions {
  /** vocab.json: token -> id. */
  vocab: Record<string, number>;
  /** merges.txt contents. */
  merges: string;
  /** tokenizer_config.json merged over special_tokens_map.json. */
  config: Record<string, unknown>;
}

export interface TokenizedBatch {
  /** [prompts, maxLength] ids: bos, tokens, eos, then the pad token. */
  inputIds: number[][];
  /** 1 for bos, tokens and eos, 0 for padding. */
  attentionMask: number[][];
}

// CLIP's pre-tokenizer (re.IGNORECASE in the original; the text is lower-cased already).
const PRE_TOKENIZE = new RegExp(
  `<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|\\p{L}+|\\p{N}|[^${PYTHON_WHITESPACE}\\p{L}\\p{N}]+`,
  'giu',
);
const WHITESPACE_RUN = new RegExp(`[${PYTHON_WHITESPACE}]+`, 'g');
const EDGE_WHITESPACE = new RegExp(`^[${PYTHON_WHITESPACE}]+|[${PYTHON_WHITESPACE}]+$`, 'g');
// CLIP ships 49,152 - 256 - 2 merges; merges.txt may list more, which CLIPTokenizer ignores.
const MERGE_COUNT = 49152 - 256 - 2;
const BYTE_TO_UNICODE = bytesToUnicode();
const utf8 = new TextEncoder();

function tokenContent(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && typeof (value as { content?: unknown }).content === 'string') {
    return (value as { content: string }).content;
  }
  throw new Error(
    `CLIPTokenizer: ${field} must be a string or {"content": string}, got ${JSON.stringify(value)}.`,
  );
}

/**
 * Hugging Face CLIPTokenizer (the slow, Python one) as SDXL's two tokenizers use it:
 * `tokenizer(prompts, padding="max_length", max_length=model_max_length, truncation=True)`.
 */
export class CLIPTokenizer {
  readonly maxLength: number;
  readonly bosTokenId: number;
  readonly eosTokenId: number;
  readonly padTokenId: number;
  readonly unkTokenId: number;
  readonly textCleanup: TextCleanup;
  private readonly vocab: ReadonlyMap<string, number>;
  private readonly mergeRanks: ReadonlyMap<string, number>;
  /** Special tokens split out of the raw text before cleaning, longest first. */
  private readonly specialTokens: string[];
  private readonly bpeCache = new Map<string, string[]>();

  constructor(files: CLIPTokenizerFiles) {
    this.textCleanup = files.textCleanup ?? 'ftfy';
    this.vocab = new Map(Object.entries(files.vocab));
    const mergeLines = files.merges
      .trim()
      .split('\n')
      .slice(1, MERGE_COUNT + 1);
    this.mergeRanks = new Map(mergeLines.map((line, rank) => [line.split(/\s+/).join(' '), rank]));
    const maxLength = files.config.model_max_length;
    if (typeof maxLength !== 'number' || !Number.isInteger(maxLength) || maxLength < 2) {
      throw new Error(
        `CLIPTokenizer: tokenizer_config.json model_max_length must be an integer >= 2, got ${JSON.stringify(maxLength)}.`,
      );
    }
    this.maxLength = maxLength;
    const bos = tokenContent(files.config.bos_token, 'bos_token') ?? '<|startoftext|>';
    const eos = tokenContent(files.config.eos_token, 'eos_token') ?? '<|endoftext|>';
    const unk = tokenContent(files.config.unk_token, 'unk_token') ?? '<|endoftext|>';
    const pad = tokenContent(files.config.pad_token, 'pad_token') ?? eos;
    this.bosTokenId = this.requireId(bos, 'bos_token');
    this.eosTokenId = this.requireId(eos, 'eos_token');
    this.unkTokenId = this.requireId(unk, 'unk_token');
    this.padTokenId = this.requireId(pad, 'pad_token');
    this.specialTokens = [...new Set([bos, eos, unk, pad])].sort((a, b) => b.length - a.length);
  }

  /** Loads `vocab.json`, `merges.txt`, `tokenizer_config.json` (+ `special_tokens_map.json`) from a folder. */
  static async fromPretrained(
    dir: string,
    options: CLIPTokenizerOptions & { subfolder?: string } = {},
  ): Promise<CLIPTokenizer> {
    const folder = componentDir(dir, options.subfolder);
    const what = `CLIPTokenizer at ${folder}`;
    const vocab = await readJsonFile(path.join(folder, 'vocab.json'), what);
    for (const [token, id] of Object.entries(vocab)) {
      if (!Number.isInteger(id))
        throw new Error(
          `${what}: vocab.json maps ${JSON.stringify(token)} to ${JSON.stringify(id)}, not an integer id.`,
        );
    }
    let merges: string;
    try {
      merges = await readFile(path.join(folder, 'merges.txt'), 'utf8');
    } catch {
      throw new Error(
        `${what}: merges.txt is missing or unreadable. A CLIP tokenizer folder needs vocab.json and merges.txt.`,
      );
    }
    const config = await readJsonFile(path.join(folder, 'tokenizer_config.json'), what);
    // special_tokens_map.json is optional: tokenizer_config.json usually repeats its tokens.
    const specialTokensFile = path.join(folder, 'special_tokens_map.json');
    const specialTokens = existsSync(specialTokensFile) ? await readJsonFile(specialTokensFile, what) : {};
    return new CLIPTokenizer({
      vocab: vocab as Record<string, number>,
      merges,
      config: { ...specialTokens, ...config },
      textCleanup: options.textCleanup,
    });
  }

  /** The BPE tokens of one prompt, without bos/eos, untruncated. */
  tokenize(text: string): string[] {
    const tokens: string[] = [];
    for (const piece of this.splitOnSpecialTokens(text)) {
      if (this.specialTokens.includes(piece)) {
        tokens.push(piece);
        continue;
      }
      for (const word of this.cleanText(piece).match(PRE_TOKENIZE) ?? []) {
        const bytes = utf8.encode(word);
        let visible = '';
        for (const byte of bytes) visible += BYTE_TO_UNICODE[byte];
        tokens.push(...this.bpe(visible));
      }
    }
    return tokens;
  }

  /** Ids of each prompt: bos + tokens (truncated to maxLength - 2) + eos, padded to maxLength. */
  encode(texts: readonly string[]): TokenizedBatch {
    const inputIds: number[][] = [];
    const attentionMask: number[][] = [];
    for (const text of texts) {
      const ids = this.tokenize(text).map((token) => this.vocab.get(token) ?? this.unkTokenId);
      const kept = [this.bosTokenId, ...ids.slice(0, this.maxLength - 2), this.eosTokenId];
      const padding = this.maxLength - kept.length;
      inputIds.push([...kept, ...new Array<number>(padding).fill(this.padTokenId)]);
      attentionMask.push([...new Array<number>(kept.length).fill(1), ...new Array<number>(padding).fill(0)]);
    }
    return { inputIds, attentionMask };
  }

  private requireId(token: string, field: string): number {
    const id = this.vocab.get(token);
    if (id === undefined) {
      throw new Error(
        `CLIPTokenizer: ${field} ${JSON.stringify(token)} is not in vocab.json. Check tokenizer_config.json against the vocabulary.`,
      );
    }
    return id;
  }

  /** Splits out special tokens as transformers' added-token trie does (before any cleaning). */
  private splitOnSpecialTokens(text: string): string[] {
    const pieces: string[] = [];
    let start = 0;
    let position = 0;
    while (position < text.length) {
      const special = this.specialTokens.find((token) => text.startsWith(token, position));
      if (special === undefined) {
        position++;
        continue;
      }
      if (position > start) pieces.push(text.slice(start, position));
      pieces.push(special);
      position += special.length;
      start = position;
    }
    if (start < text.length) pieces.push(text.slice(start));
    return pieces;
  }

  private cleanText(text: string): string {
    if (this.textCleanup === 'basic') return basicTokenize(text).join(' ');
    return fixText(text).replace(WHITESPACE_RUN, ' ').replace(EDGE_WHITESPACE, '').toLowerCase();
  }

  private bpe(word: string): string[] {
    const cached = this.bpeCache.get(word);
    if (cached) return cached;
    let parts = [...word.slice(0, -1), `${word.slice(-1)}</w>`];
    while (parts.length > 1) {
      let bestRank = Infinity;
      let best = '';
      for (let i = 0; i < parts.length - 1; i++) {
        const rank = this.mergeRanks.get(`${parts[i]} ${parts[i + 1]}`);
        if (rank !== undefined && rank < bestRank) {
          bestRank = rank;
          best = `${parts[i]} ${parts[i + 1]}`;
        }
      }
      if (bestRank === Infinity) break;
      const [first, second] = best.split(' ') as [string, string];
      const merged: string[] = [];
      for (let i = 0; i < parts.length; i++) {
        if (parts[i] === first && parts[i + 1] === second) {
          merged.push(first + second);
          i++;
        } else {
          merged.push(parts[i]!);
        }
      }
      parts = merged;
    }
    this.bpeCache.set(word, parts);
    return parts;
  }
}
