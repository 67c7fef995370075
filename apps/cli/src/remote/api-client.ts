import { UsageError } from '../command';
import { EXIT, RemoteError } from './exit-codes';

/** Where `MORPHSWEEP_API_URL` points when unset: what `morphsweep up` serves by default. */
export const DEFAULT_API_URL = 'http://127.0.0.1:3000';

interface ApiErrorBody {
  code?: string;
  message?: string;
  issues?: { path: string; message: string }[];
}

function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: string; message?: string } | undefined;
  return cause?.code ?? cause?.message ?? error.message;
}

/**
 * The MorphSweep API over HTTP, for the remote commands. Every failure is a
 * {@link RemoteError} with the exit code scripts see: unreachable or refused credentials 3,
 * a 4xx 2 (its `issues` in the details), a 5xx 1.
 */
export class ApiClient {
  readonly baseUrl: string;

  constructor(
    baseUrl: string,
    private readonly token?: string,
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  /** From `--api` or `MORPHSWEEP_API_URL` and `MORPHSWEEP_API_TOKEN`; a bad URL is a usage error. */
  static fromEnv(env: NodeJS.ProcessEnv, apiFlag?: string): ApiClient {
    const url = apiFlag ?? env['MORPHSWEEP_API_URL'] ?? DEFAULT_API_URL;
    const from = apiFlag === undefined ? 'MORPHSWEEP_API_URL' : '--api';
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new UsageError(`${from} must be an http(s) URL, got "${url}"`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
      throw new UsageError(`${from} must be an http(s) URL, got "${url}"`);
    return new ApiClient(url, env['MORPHSWEEP_API_TOKEN'] || undefined);
  }

  /** Sends a request; resolves to the response once its status is 2xx. */
  async send(
    method: string,
    path: string,
    options: { body?: unknown; headers?: Record<string, string>; signal?: AbortSignal } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.token) headers['authorization'] = `Bearer ${this.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      throw new RemoteError(
        `cannot reach the API at ${this.baseUrl} (MORPHSWEEP_API_URL): ${describeCause(error)}`,
        EXIT.unreachable,
      );
    }
    if (res.ok) return res;
    throw await this.failure(method, path, res);
  }

  /** A JSON request; resolves to the body and status of a 2xx answer. */
  async json<T>(
    method: string,
    path: string,
    options: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<{ status: number; body: T }> {
    const res = await this.send(method, path, options);
    return { status: res.status, body: (await res.json()) as T };
  }

  private async failure(method: string, path: string, res: Response): Promise<RemoteError> {
    const text = await res.text();
    let body: ApiErrorBody = {};
    try {
      body = JSON.parse(text) as ApiErrorBody;
    } catch {
      body = { message: text.slice(0, 200) };
    }
    const details = { status: res.status, ...body };
    const message = body.message ?? res.statusText;
    if (res.status === 401 || res.status === 403) {
      const token = this.token
        ? 'MORPHSWEEP_API_TOKEN was refused'
        : 'MORPHSWEEP_API_TOKEN is not set';
      return new RemoteError(
        `${method} ${path}: ${res.status}: ${message} (${token})`,
        EXIT.unreachable,
        details,
      );
    }
    const issues = (body.issues ?? [])
      .map((i) => `\n  ${i.path || '(spec)'}: ${i.message}`)
      .join('');
    const status = body.code ? `${res.status} ${body.code}` : String(res.status);
    return new RemoteError(
      `${method} ${path}: ${status}: ${message}${issues}`,
      res.status >= 500 ? EXIT.failed : EXIT.usage,
      details,
    );
  }
}
