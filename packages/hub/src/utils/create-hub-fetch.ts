/**
 * A `fetch` for `@huggingface/hub` calls that keeps what the library drops: the Hub's `X-Error-Code` of the
 * last failed response (to tell a missing revision from a missing repo), and byte-level upload progress
 * (the library only reports it through XMLHttpRequest, which Node lacks).
 */
export function createHubFetch(): { fetch: typeof fetch; lastErrorCode(): string | undefined } {
  let lastErrorCode: string | undefined;
  const hubFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, withUploadProgress(init));
    if (!response.ok) lastErrorCode = response.headers.get('X-Error-Code') ?? undefined;
    return response;
  };
  return { fetch: hubFetch, lastErrorCode: () => lastErrorCode };
}

interface ProgressHint {
  progressCallback?: (progress: number) => void;
  /** Set on multipart part uploads, whose progress the library reports per file, not per part. */
  numParts?: number;
}

function withUploadProgress(init: RequestInit | undefined): RequestInit | undefined {
  const hint = (init as { progressHint?: ProgressHint } | undefined)?.progressHint;
  const body = init?.body;
  if (!hint?.progressCallback || hint.numParts !== undefined || !(body instanceof Blob) || body.size === 0) {
    return init;
  }
  const report = hint.progressCallback;
  const total = body.size;
  let sent = 0;
  const counted = body.stream().pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        sent += chunk.byteLength;
        report(sent / total);
        controller.enqueue(chunk);
      },
    }),
  );
  const headers = new Headers(init?.headers);
  // Storage endpoints want the length up front; a stream body would otherwise be sent chunked.
  headers.set('Content-Length', String(total));
  return { ...init, headers, body: counted, duplex: 'half' } as RequestInit;
}
