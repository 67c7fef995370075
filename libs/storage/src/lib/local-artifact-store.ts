import { createReadStream } from 'node:fs';
import {
  copyFile,
  mkdir,
  open,
  readFile,
  readdir,
  rename,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import type { ArtifactBody, ArtifactInfo, ArtifactStore } from './artifact-store';
import { sha256Hex, spoolToTempFile } from './checksum';
import { assertValidKey } from './keys';
import { StorageError } from './storage.error';

// Checksums live beside the data in a dot-folder that keys can never name.
const CHECKSUM_DIR = '.sha256';

/**
 * An artifact store in a local directory. Objects are written to a temporary file, fsynced
 * and renamed into place, then their checksum the same way, so a crash never leaves half an
 * object under its key nor a checksum that belongs to another version of it.
 */
export class LocalArtifactStore implements ArtifactStore {
  readonly url: string;

  constructor(private readonly root: string) {
    this.root = path.resolve(root);
    this.url = pathToFileURL(this.root).href;
  }

  uriOf(key: string): string {
    assertValidKey(key);
    return `${this.url}/${key}`;
  }

  async put(key: string, body: ArtifactBody): Promise<ArtifactInfo> {
    const uri = this.uriOf(key);
    const target = this.dataPath(key);
    await mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.${process.pid}.${Date.now()}.tmp`;
    let sizeBytes: number;
    let sha256: string;
    if (body instanceof Readable) {
      const spooled = await spoolToTempFile(body);
      try {
        await copyFile(spooled.file, temp);
      } finally {
        await spooled.cleanup();
      }
      ({ sizeBytes, sha256 } = spooled);
    } else {
      const bytes = typeof body === 'string' ? Buffer.from(body) : body;
      await writeFile(temp, bytes);
      sizeBytes = bytes.byteLength;
      sha256 = sha256Hex(bytes);
    }
    // Order matters for a crash at any point: the data is durable before it is renamed into
    // place, the old checksum goes first (an object without one has it computed from its
    // data, never checked against another object's), and the new checksum is written after
    // the rename, itself through a durable temporary file.
    await fsyncFile(temp);
    await rm(this.checksumPath(key), { force: true });
    await rename(temp, target);
    await fsyncDir(path.dirname(target));
    const checksum = this.checksumPath(key);
    await mkdir(path.dirname(checksum), { recursive: true });
    const checksumTemp = `${checksum}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(checksumTemp, sha256);
    await fsyncFile(checksumTemp);
    await rename(checksumTemp, checksum);
    await fsyncDir(path.dirname(checksum));
    return { key, uri, sizeBytes, sha256 };
  }

  async get(key: string): Promise<Buffer> {
    const info = await this.requireStat(key);
    const data = await readFile(this.dataPath(key));
    if (sha256Hex(data) !== info.sha256) {
      throw new StorageError(
        'CHECKSUM_MISMATCH',
        `artifact ${info.uri} does not match its recorded SHA-256`,
      );
    }
    return data;
  }

  async getStream(key: string): Promise<Readable> {
    await this.requireStat(key);
    return createReadStream(this.dataPath(key));
  }

  async stat(key: string): Promise<ArtifactInfo | undefined> {
    const uri = this.uriOf(key);
    try {
      const [s, sha256] = await Promise.all([
        stat(this.dataPath(key)),
        readFile(this.checksumPath(key), 'utf8').catch(async () =>
          sha256Hex(await readFile(this.dataPath(key))),
        ),
      ]);
      return s.isFile() ? { key, uri, sizeBytes: s.size, sha256: sha256.trim() } : undefined;
    } catch {
      return undefined;
    }
  }

  async exists(key: string): Promise<boolean> {
    return (await this.stat(key)) !== undefined;
  }

  async list(prefix = ''): Promise<ArtifactInfo[]> {
    const keys = (await walk(this.root, '')).filter(
      (k) => k.startsWith(prefix) && !k.endsWith('.tmp'),
    );
    const infos = await Promise.all(keys.sort().map((k) => this.stat(k)));
    return infos.filter((i): i is ArtifactInfo => i !== undefined);
  }

  async delete(key: string): Promise<void> {
    assertValidKey(key);
    await rm(this.dataPath(key), { force: true });
    await rm(this.checksumPath(key), { force: true });
  }

  async check(): Promise<void> {
    try {
      await mkdir(this.root, { recursive: true });
      const probe = path.join(this.root, `.probe-${process.pid}`);
      await writeFile(probe, '');
      await rm(probe);
    } catch (error) {
      throw new StorageError('UNAVAILABLE', `artifact directory ${this.root} is not writable`, {
        cause: error,
      });
    }
  }

  private dataPath(key: string): string {
    return path.join(this.root, ...key.split('/'));
  }

  private checksumPath(key: string): string {
    return path.join(this.root, CHECKSUM_DIR, ...key.split('/'));
  }

  private async requireStat(key: string): Promise<ArtifactInfo> {
    const info = await this.stat(key);
    if (!info) throw new StorageError('NOT_FOUND', `artifact ${this.uriOf(key)} not found`);
    return info;
  }
}

// Flushes a file's data to the disk before it is renamed into place.
async function fsyncFile(file: string): Promise<void> {
  const handle = await open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

// Makes a rename in `dir` durable; directories cannot be fsynced on every platform (Windows).
async function fsyncDir(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Best effort where the platform refuses.
  } finally {
    await handle?.close();
  }
}

async function walk(root: string, relative: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(path.join(root, relative), { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const key = relative ? `${relative}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await walk(root, key)));
    else if (e.isFile()) out.push(key);
  }
  return out;
}
