import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { ArtifactBody, ArtifactInfo, ArtifactStore } from './artifact-store';
import { sha256Hex, spoolToTempFile } from './checksum';
import { assertValidKey } from './keys';
import { StorageError } from './storage.error';

export interface S3ArtifactStoreOptions {
  bucket: string;
  /** Key prefix inside the bucket, without leading or trailing `/` ('' for none). */
  prefix: string;
  /** Client settings: endpoint (any S3-compatible server), region, forcePathStyle, credentials. */
  client: S3ClientConfig;
}

// Object metadata key holding the content's SHA-256 (sent as x-amz-meta-sha256).
const SHA256_META = 'sha256';

/**
 * An artifact store in an S3 bucket (AWS or any S3-compatible server). Large bodies are
 * spooled to disk to learn their checksum, then sent as a multipart upload.
 */
export class S3ArtifactStore implements ArtifactStore {
  readonly url: string;
  private readonly s3: S3Client;

  constructor(private readonly options: S3ArtifactStoreOptions) {
    this.s3 = new S3Client(options.client);
    this.url = `s3://${options.bucket}${options.prefix ? `/${options.prefix}` : ''}`;
  }

  uriOf(key: string): string {
    assertValidKey(key);
    return `${this.url}/${key}`;
  }

  async put(key: string, body: ArtifactBody): Promise<ArtifactInfo> {
    const uri = this.uriOf(key);
    if (body instanceof Readable) {
      const spooled = await spoolToTempFile(body);
      try {
        await this.upload(key, createReadStream(spooled.file), spooled.sha256);
      } finally {
        await spooled.cleanup();
      }
      return { key, uri, sizeBytes: spooled.sizeBytes, sha256: spooled.sha256 };
    }
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    const sha256 = sha256Hex(bytes);
    await this.upload(key, bytes, sha256);
    return { key, uri, sizeBytes: bytes.byteLength, sha256 };
  }

  async get(key: string): Promise<Buffer> {
    const { body, sha256 } = await this.fetch(key);
    const data = Buffer.from(await body.transformToByteArray());
    if (sha256 !== undefined && sha256Hex(data) !== sha256) {
      throw new StorageError(
        'CHECKSUM_MISMATCH',
        `artifact ${this.uriOf(key)} does not match its recorded SHA-256`,
      );
    }
    return data;
  }

  async getStream(key: string): Promise<Readable> {
    const { body } = await this.fetch(key);
    return body.transformToWebStream
      ? Readable.fromWeb(body.transformToWebStream() as never)
      : (body as unknown as Readable);
  }

  async stat(key: string): Promise<ArtifactInfo | undefined> {
    const uri = this.uriOf(key);
    try {
      const head = await this.s3.send(
        new HeadObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(key) }),
      );
      return {
        key,
        uri,
        sizeBytes: head.ContentLength ?? 0,
        sha256: head.Metadata?.[SHA256_META] ?? '',
      };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw unavailable(error, this.url);
    }
  }

  async exists(key: string): Promise<boolean> {
    return (await this.stat(key)) !== undefined;
  }

  async list(prefix = ''): Promise<ArtifactInfo[]> {
    const base = this.options.prefix ? `${this.options.prefix}/` : '';
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.s3.send(
        new ListObjectsV2Command({
          Bucket: this.options.bucket,
          Prefix: base + prefix,
          ContinuationToken: token,
        }),
      );
      for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key.slice(base.length));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    // Listings carry no user metadata; HEAD each object for its checksum.
    const infos = await Promise.all(keys.sort().map((k) => this.stat(k)));
    return infos.filter((i): i is ArtifactInfo => i !== undefined);
  }

  async delete(key: string): Promise<void> {
    assertValidKey(key);
    await this.s3.send(
      new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(key) }),
    );
  }

  async check(): Promise<void> {
    try {
      await this.s3.send(new HeadBucketCommand({ Bucket: this.options.bucket }));
    } catch (error) {
      throw unavailable(error, this.url);
    }
  }

  private objectKey(key: string): string {
    return this.options.prefix ? `${this.options.prefix}/${key}` : key;
  }

  private async upload(key: string, body: Uint8Array | Readable, sha256: string): Promise<void> {
    const upload = new Upload({
      client: this.s3,
      params: {
        Bucket: this.options.bucket,
        Key: this.objectKey(key),
        Body: body,
        Metadata: { [SHA256_META]: sha256 },
      },
    });
    try {
      await upload.done();
    } catch (error) {
      throw unavailable(error, this.url);
    }
  }

  private async fetch(key: string) {
    try {
      const out = await this.s3.send(
        new GetObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(key) }),
      );
      if (!out.Body) throw new StorageError('NOT_FOUND', `artifact ${this.uriOf(key)} has no body`);
      return { body: out.Body, sha256: out.Metadata?.[SHA256_META] };
    } catch (error) {
      if (isNotFound(error))
        throw new StorageError('NOT_FOUND', `artifact ${this.uriOf(key)} not found`);
      throw error instanceof StorageError ? error : unavailable(error, this.url);
    }
  }
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
}

function unavailable(error: unknown, url: string): StorageError {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new StorageError('UNAVAILABLE', `artifact store ${url} failed: ${reason}`, {
    cause: error,
  });
}
