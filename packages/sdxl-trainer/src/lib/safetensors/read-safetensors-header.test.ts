import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SHARED, useTemporaryDirectory } from '@pixel-tools/test-support';
import { writeRawSafetensors } from '../../test-support/write-raw-safetensors.js';
import { SafetensorsError } from './errors.js';
import { readSafetensorsHeader } from './read-safetensors-header.js';

const tinyUnet = path.join(SHARED.unetVaeTiny, 'diffusion_pytorch_model.safetensors');

const dir = useTemporaryDirectory('safetensors-header');
let file: string;
beforeEach(async () => {
  file = path.join(dir(), 'model.safetensors');
});

/** The error reading `file` produced, checked to be a SafetensorsError naming the file. */
async function headerError(): Promise<SafetensorsError> {
  const error = await readSafetensorsHeader(file).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SafetensorsError);
  expect((error as SafetensorsError).path).toBe(file);
  expect((error as Error).message.startsWith(`${file}: `)).toBe(true);
  return error as SafetensorsError;
}

const f32 = (shape: number[], begin: number, end: number) => ({
  dtype: 'F32',
  shape,
  data_offsets: [begin, end],
});

describe('readSafetensorsHeader on malformed files', () => {
  it('reports a truncated file (a real checkpoint cut short)', async () => {
    const bytes = await readFile(tinyUnet);
    await writeFile(file, bytes.subarray(0, bytes.length - 1000));
    expect((await headerError()).message).toMatch(
      /tensor "[^"]+" ends at data byte \d+ but the file has only \d+ data bytes: the file is truncated/,
    );
  });

  it('reports a header longer than the file', async () => {
    await writeRawSafetensors(file, '{}', 0, 4096n);
    expect((await headerError()).message).toContain(
      'the header length 4096 is longer than the file (10 bytes)',
    );
  });

  it('rejects a huge header length before allocating anything', async () => {
    await writeRawSafetensors(file, '{}', 0, 2n ** 63n);
    expect((await headerError()).message).toContain(
      `the header length ${2n ** 63n} exceeds the 100000000-byte limit`,
    );
  });

  it('reports a file too short to hold the length prefix, including an empty file', async () => {
    await writeFile(file, new Uint8Array(0));
    expect((await headerError()).message).toContain('the file is 0 bytes, too short');
    await writeFile(file, new Uint8Array(5));
    expect((await headerError()).message).toContain('the file is 5 bytes, too short');
  });

  it('reports overlapping offsets, naming both tensors', async () => {
    await writeRawSafetensors(file, { a: f32([2], 0, 8), b: f32([2], 4, 12) }, 12);
    expect((await headerError()).message).toContain('tensors "a" [0, 8) and "b" [4, 12) overlap');
  });

  it('reports a byte count that does not match dtype x shape', async () => {
    await writeRawSafetensors(file, { w: f32([2, 3], 0, 12) }, 12);
    expect((await headerError()).message).toContain(
      'tensor "w": F32 [2, 3] needs 24 bytes but data_offsets [0, 12] hold 12',
    );
  });

  it('reports negative, reversed and out-of-range offsets', async () => {
    await writeRawSafetensors(file, { w: f32([1], -4, 0) }, 4);
    expect((await headerError()).message).toContain(
      'tensor "w": data_offsets must be two non-negative integers',
    );
    await writeRawSafetensors(file, { w: { dtype: 'F32', shape: [0], data_offsets: [8, 4] } }, 8);
    expect((await headerError()).message).toContain('data_offsets [8, 4] end before they begin');
    await writeRawSafetensors(file, { w: f32([4], 4096, 4112) }, 16);
    expect((await headerError()).message).toContain('bytes [0, 4096) before tensor "w" belong to no tensor');
    await writeRawSafetensors(file, { w: f32([1], 1e300, 1e300 + 4) }, 4);
    expect((await headerError()).message).toContain('data_offsets must be two non-negative integers');
  });

  it('reports bytes after the last tensor', async () => {
    await writeRawSafetensors(file, { w: f32([1], 0, 4) }, 12);
    expect((await headerError()).message).toContain('8 trailing bytes belong to no tensor');
  });

  it('reports a header that is not JSON, not an object, or not UTF-8', async () => {
    await writeRawSafetensors(file, '{"w": {"dtype": "F32",', 0);
    expect((await headerError()).message).toContain('the header is not valid JSON');
    await writeRawSafetensors(file, '[1, 2]', 0);
    expect((await headerError()).message).toContain('the header is not a JSON object');
    await writeRawSafetensors(file, 'null', 0);
    expect((await headerError()).message).toContain('the header is not a JSON object');
    await writeFile(file, Buffer.concat([Buffer.from([2, 0, 0, 0, 0, 0, 0, 0]), Buffer.from([0xc3, 0x28])]));
    expect((await headerError()).message).toContain('the header is not valid UTF-8');
  });

  it('reports an unknown dtype, listing the supported ones', async () => {
    await writeRawSafetensors(file, { w: { dtype: 'F8_E4M3', shape: [4], data_offsets: [0, 4] } }, 4);
    expect((await headerError()).message).toContain(
      'tensor "w": unknown dtype "F8_E4M3"; supported: BOOL, U8',
    );
  });

  it('reports malformed entries, shapes and metadata', async () => {
    await writeRawSafetensors(file, { w: 'F32' }, 0);
    expect((await headerError()).message).toContain('tensor "w": the entry must be an object');
    await writeRawSafetensors(file, { w: { dtype: 'F32', shape: [2.5], data_offsets: [0, 10] } }, 10);
    expect((await headerError()).message).toContain(
      'tensor "w": shape must be a list of non-negative integers',
    );
    await writeRawSafetensors(file, { w: f32([2 ** 40, 2 ** 40], 0, 4) }, 4);
    expect((await headerError()).message).toContain(
      'tensor "w": shape [1099511627776, 1099511627776] is too large',
    );
    await writeRawSafetensors(file, { __metadata__: { format: 1 } }, 0);
    expect((await headerError()).message).toContain('"__metadata__"."format" must be a string, got 1');
  });

  it('reports a missing file as a SafetensorsError naming it', async () => {
    expect((await headerError()).message).toContain('cannot open the file');
  });

  it('accepts a header of empty and zero-size tensors', async () => {
    await writeRawSafetensors(
      file,
      { __metadata__: { format: 'pt' }, empty: f32([0, 3], 0, 0), one: f32([], 0, 4) },
      4,
    );
    const header = await readSafetensorsHeader(file);
    expect(header.tensors.map((t) => t.name)).toEqual(['empty', 'one']);
    expect(header.dataStart).toBe(8 + (await readFile(file)).readUInt32LE(0));
  });

  it('refuses directories and pipes instead of failing later or blocking forever', async () => {
    file = dir();
    expect((await headerError()).message).toContain('not a regular file (a directory, device or pipe)');
    file = '/dev/zero';
    expect((await headerError()).message).toContain('not a regular file');
    file = path.join(dir(), 'pipe.safetensors');
    execFileSync('mkfifo', [file]);
    expect((await headerError()).message).toContain('not a regular file');
  });
});
