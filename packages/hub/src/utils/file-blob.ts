import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';

/** Read size for hashing and uploading: big chunks keep per-chunk overhead negligible at GB scale. */
const CHUNK_BYTES = 1 << 20;

/**
 * A Blob over a byte range of a file on disk, read only when consumed: `@huggingface/hub` hashes it and our
 * upload transport streams it in 1 MiB chunks, so a multi-GB weights file never sits in memory.
 */
export class FileBlob extends Blob {
  static async open(path: string): Promise<FileBlob> {
    return new FileBlob(path, 0, (await stat(path)).size);
  }

  private constructor(
    readonly path: string,
    private readonly start: number,
    private readonly end: number,
  ) {
    super([]);
  }

  // @ts-expect-error Node's typings declare Blob#size as a field; the spec (and V8) make it a getter.
  override get size(): number {
    return this.end - this.start;
  }

  override slice(start = 0, end = this.size): FileBlob {
    const clamp = (offset: number) =>
      Math.min(Math.max(offset < 0 ? this.size + offset : offset, 0), this.size);
    return new FileBlob(
      this.path,
      this.start + clamp(start),
      this.start + Math.max(clamp(start), clamp(end)),
    );
  }

  /** The bytes as a Node stream (what our HTTP transport pipes). */
  nodeStream(): Readable {
    if (this.size === 0) return Readable.from([]);
    return createReadStream(this.path, { start: this.start, end: this.end - 1, highWaterMark: CHUNK_BYTES });
  }

  override stream(): ReturnType<Blob['stream']> {
    return Readable.toWeb(this.nodeStream()) as ReturnType<Blob['stream']>;
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    const file = await open(this.path, 'r');
    try {
      const buffer = new ArrayBuffer(this.size);
      let read = 0;
      while (read < this.size) {
        const { bytesRead } = await file.read(
          new Uint8Array(buffer, read),
          0,
          this.size - read,
          this.start + read,
        );
        if (bytesRead === 0) throw new Error(`${this.path} shrank while being read`);
        read += bytesRead;
      }
      return buffer;
    } finally {
      await file.close();
    }
  }

  override async text(): Promise<string> {
    return new TextDecoder().decode(await this.arrayBuffer());
  }
}
