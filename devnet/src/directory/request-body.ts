/**
 * Reading request bodies: a byte limit (refused as the body arrives, before it is all read),
 * and strict JSON (a JSON object, validated by a zod schema that refuses unknown fields).
 */
import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { ApiError } from './api-error';

/** The body's bytes; 413 `body-too-large` past `limit`. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    req.resume();
    return Promise.reject(tooLarge(limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', (error) => {
      if (!failed) reject(new ApiError(400, 'bad-request', `request body: ${error.message}`));
    });
  });
}

function tooLarge(limit: number): ApiError {
  return new ApiError(413, 'body-too-large', `the request body is over ${limit} bytes`);
}

/** Parses `body` as JSON (content type application/json) and validates it with `schema`. */
export function parseJson<S extends z.ZodType>(
  req: IncomingMessage,
  body: Buffer,
  schema: S,
): z.infer<S> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json')
    throw new ApiError(415, 'unsupported-media-type', 'send Content-Type: application/json');
  let data: unknown;
  try {
    data = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new ApiError(400, 'malformed-json', `the body is not JSON: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new ApiError(400, 'invalid-request', `${where}${issue?.message ?? 'invalid request'}`);
  }
  return parsed.data;
}
