import type { SafetensorsHeader, SafetensorsTensorInfo } from '../../types/safetensors.js';
import { DTYPE_BYTES, isSafetensorsDtype } from './dtypes.js';
import { SafetensorsError, SafetensorsTruncatedError } from './errors.js';

const METADATA_KEY = '__metadata__';

/**
 * Validates the JSON header of a safetensors file against the size of its data section: a JSON object of
 * `{dtype, shape, data_offsets}` entries whose byte ranges match dtype x shape and tile the data section
 * exactly (no gap, no overlap, nothing past the end, nothing left over), plus an optional string map
 * `__metadata__`. The header comes from untrusted files, so every field is checked before it is used.
 */
export function parseSafetensorsHeader(
  headerBytes: Uint8Array,
  dataByteLength: number,
  path: string,
): Omit<SafetensorsHeader, 'dataStart'> {
  const fail = (problem: string): never => {
    throw new SafetensorsError(path, problem);
  };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(headerBytes);
  } catch {
    return fail('the header is not valid UTF-8; the file is not a safetensors file or is corrupt.');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return fail(
      `the header is not valid JSON (${(error as Error).message}); the file is not a safetensors file or is corrupt.`,
    );
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return fail('the header is not a JSON object; the file is not a safetensors file or is corrupt.');
  }

  let metadata: Record<string, string> | undefined;
  const tensors: SafetensorsTensorInfo[] = [];
  for (const [name, entry] of Object.entries(json)) {
    if (name === METADATA_KEY) {
      // The Rust crate reads `"__metadata__": null` as no metadata.
      metadata = entry === null ? undefined : parseMetadata(entry, fail);
    } else {
      tensors.push(parseTensorEntry(name, entry, fail));
    }
  }

  tensors.sort((a, b) => a.dataOffsets[0] - b.dataOffsets[0] || a.dataOffsets[1] - b.dataOffsets[1]);
  let expectedBegin = 0;
  let previous: SafetensorsTensorInfo | undefined;
  for (const tensor of tensors) {
    const [begin, end] = tensor.dataOffsets;
    if (begin < expectedBegin) {
      fail(
        `tensors "${previous!.name}" [${previous!.dataOffsets.join(', ')}) and "${tensor.name}" ` +
          `[${begin}, ${end}) overlap; the file is corrupt or was crafted.`,
      );
    }
    if (begin > expectedBegin) {
      fail(
        `bytes [${expectedBegin}, ${begin}) before tensor "${tensor.name}" belong to no tensor; the file is corrupt.`,
      );
    }
    if (end > dataByteLength) {
      throw new SafetensorsTruncatedError(
        path,
        `tensor "${tensor.name}" ends at data byte ${end} but the file has only ${dataByteLength} data bytes: ` +
          `the file is truncated (an interrupted download?). Download it again.`,
      );
    }
    expectedBegin = end;
    previous = tensor;
  }
  if (expectedBegin !== dataByteLength) {
    fail(
      `the tensors cover ${expectedBegin} data bytes but the file has ${dataByteLength}; ` +
        `${dataByteLength - expectedBegin} trailing bytes belong to no tensor.`,
    );
  }
  return { path, metadata, tensors };
}

function parseMetadata(entry: unknown, fail: (problem: string) => never): Record<string, string> {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    return fail(`"${METADATA_KEY}" must be an object of strings.`);
  }
  for (const [key, value] of Object.entries(entry)) {
    if (typeof value !== 'string')
      fail(`"${METADATA_KEY}"."${key}" must be a string, got ${JSON.stringify(value)}.`);
  }
  return entry as Record<string, string>;
}

function parseTensorEntry(
  name: string,
  entry: unknown,
  fail: (problem: string) => never,
): SafetensorsTensorInfo {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    return fail(`tensor "${name}": the entry must be an object with dtype, shape and data_offsets.`);
  }
  const { dtype, shape, data_offsets: offsets } = entry as Record<string, unknown>;
  if (!isSafetensorsDtype(dtype)) {
    return fail(
      `tensor "${name}": unknown dtype ${JSON.stringify(dtype)}; supported: ${Object.keys(DTYPE_BYTES).join(', ')}.`,
    );
  }
  if (!Array.isArray(shape) || !shape.every(isByteCount)) {
    return fail(
      `tensor "${name}": shape must be a list of non-negative integers, got ${JSON.stringify(shape)}.`,
    );
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isByteCount)) {
    return fail(
      `tensor "${name}": data_offsets must be two non-negative integers [begin, end], got ${JSON.stringify(offsets)}.`,
    );
  }
  const [begin, end] = offsets as [number, number];
  if (end < begin) return fail(`tensor "${name}": data_offsets [${begin}, ${end}] end before they begin.`);
  let byteLength = DTYPE_BYTES[dtype];
  for (const dim of shape as number[]) {
    byteLength *= dim;
    if (!Number.isSafeInteger(byteLength))
      return fail(`tensor "${name}": shape [${shape.join(', ')}] is too large.`);
  }
  if (end - begin !== byteLength) {
    return fail(
      `tensor "${name}": ${dtype} [${shape.join(', ')}] needs ${byteLength} bytes but data_offsets ` +
        `[${begin}, ${end}] hold ${end - begin}.`,
    );
  }
  return { name, dtype, shape: shape as number[], dataOffsets: [begin, end] };
}

function isByteCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
