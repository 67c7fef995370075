import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Writes a stream to a temporary file while hashing it, so its SHA-256 and size are known
 * before it is uploaded, without holding it in memory. Call `cleanup()` when done.
 */
export async function spoolToTempFile(
  body: Readable,
): Promise<{ file: string; sizeBytes: number; sha256: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'morphsweep-spool-'));
  const file = path.join(dir, 'body');
  const hash = createHash('sha256');
  let sizeBytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      sizeBytes += chunk.length;
      done(null, chunk);
    },
  });
  await pipeline(body, tap, createWriteStream(file));
  return {
    file,
    sizeBytes,
    sha256: hash.digest('hex'),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
