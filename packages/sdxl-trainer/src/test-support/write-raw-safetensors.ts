import { writeFile } from 'node:fs/promises';

/**
 * Writes a safetensors-shaped file from raw parts, so tests can build malformed files the real writer
 * refuses to produce: any header text (or object), any data bytes, and optionally a lying length prefix.
 */
export async function writeRawSafetensors(
  path: string,
  header: string | object,
  data: Uint8Array | number = 0,
  declaredHeaderLength?: bigint,
): Promise<void> {
  const headerBytes = Buffer.from(typeof header === 'string' ? header : JSON.stringify(header), 'utf8');
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(declaredHeaderLength ?? BigInt(headerBytes.length));
  const body = typeof data === 'number' ? new Uint8Array(data) : data;
  await writeFile(path, Buffer.concat([prefix, headerBytes, body]));
}
