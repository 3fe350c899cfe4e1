import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { FastifyInstance } from 'fastify';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Below this a compressed answer saves less than the work and the extra header cost. */
export const COMPRESS_THRESHOLD = 1024;

/** Which encoding the client accepts, brotli first; `q=0` refuses one. */
export const acceptedEncoding = (header: string | string[] | undefined): 'br' | 'gzip' | null => {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  const accepted = new Map<string, number>();
  for (const part of value.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    accepted.set(name, q ? Number(q.slice(2)) || 0 : 1);
  }
  const ok = (n: string) => (accepted.get(n) ?? accepted.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return null;
};

/**
 * Compresses JSON answers of the API above COMPRESS_THRESHOLD bytes (brotli at a fast level, or
 * gzip). Static files are not touched here: the build ships them pre-compressed and
 * @fastify/static picks the `.br` / `.gz` sibling (docs/decisions/032).
 */
export const registerApiCompression = (app: FastifyInstance) => {
  app.addHook('onSend', async (req, reply, payload) => {
    if (!req.url.startsWith('/api/') || reply.getHeader('content-encoding')) return payload;
    const type = String(reply.getHeader('content-type') ?? '');
    if (!type.startsWith('application/json')) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    reply.header('vary', 'Accept-Encoding');
    const size = Buffer.byteLength(payload);
    if (size < COMPRESS_THRESHOLD) return payload;
    const encoding = acceptedEncoding(req.headers['accept-encoding']);
    if (!encoding) return payload;
    const body =
      encoding === 'br'
        ? await brotli(payload, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: size } })
        : await gzip(payload, { level: 6 });
    reply.header('content-encoding', encoding);
    reply.header('content-length', body.length);
    return body;
  });
};

/** Hashed build files never change under their name; the shell and the service worker must be re-checked. */
export const staticCacheControl = (relativePath: string): string =>
  /^\/?assets\//.test(relativePath.replaceAll('\\', '/')) ? 'public, max-age=31536000, immutable' : 'no-cache';
