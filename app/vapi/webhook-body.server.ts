// Reads a request body up to a limit, as raw bytes (signatures are computed
// over them), so an oversized delivery is refused without buffering it whole.
// The server that answers the 413 must also close the connection: see
// app/http/body-limit.server.ts.
export const MAX_WEBHOOK_BODY_BYTES = 2 * 1024 * 1024;

export class BodyTooLargeError extends Error {}

export async function readBodyWithLimit(request: Request, limit = MAX_WEBHOOK_BODY_BYTES): Promise<Buffer> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) throw new BodyTooLargeError();
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new BodyTooLargeError();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
