/**
 * Reading a request body up to a limit. Nothing past the limit is kept: the
 * moment more arrives (or the declared length is larger), the read stops
 * with 413, and the caller answers and closes the connection.
 */
import type { IncomingMessage } from 'node:http';

export type Body = { ok: true; text: string } | { ok: false; status: 413 | 0 };
export type Bytes = { ok: true; bytes: Buffer } | { ok: false; status: 413 | 0 };

/** Whether the request says it carries a body. */
export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}

/** The body as UTF-8 text, or why not: 413 too large, 0 the client went away. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Body> {
  const b = await readBytes(req, limit);
  return b.ok ? { ok: true, text: b.bytes.toString('utf8') } : b;
}

/** The body's bytes, or why not: 413 too large, 0 the client went away. */
export function readBytes(req: IncomingMessage, limit: number): Promise<Bytes> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (!(declared <= limit)) return Promise.resolve({ ok: false, status: 413 });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (result: Bytes) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return done({ ok: false, status: 413 });
      chunks.push(chunk);
    };
    const onEnd = () => {
      done({ ok: true, bytes: Buffer.concat(chunks) });
    };
    const onError = () => done({ ok: false, status: 0 });
    const onClose = () => done({ ok: false, status: 0 });
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}
