import type {
  RetrainingResponse,
  RunResponse,
  SweepDetailResponse,
  SweepSpecInput,
} from '@morphsweep/contracts';

/** `GET /api/zoo/:name/strength-grid`: the product's suggested strengths for a seed. */
export interface StrengthSuggestion {
  seedCost: number;
  strengths: { logRange: [number, number]; count: number };
}

/** A retraining row as the API answers it; `replica` and `seed` once retraining has several seeds. */
export type Retraining = RetrainingResponse & { replica?: number; seed?: number };

/**
 * The few MorphSweep API calls the study makes, over `fetch`. Every non-2xx answer throws
 * an error naming the method, route, status and the API's own message.
 */
export class QualityApi {
  constructor(
    readonly baseUrl: string,
    private readonly retries = 6,
    private readonly retryDelayMs = 10_000,
  ) {}

  // Every call the study makes is idempotent (GETs, keyed submissions, promotions keyed by
  // structure), so a 503 — the API's answer while a busy sweep workflow has not yet taken an
  // update (PROMOTE_TIMEOUT_MS) — is retried, a few times, 10 s apart.
  private async call<T>(
    method: string,
    route: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(`${this.baseUrl}/api${route}`, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      if (res.ok) return (text ? JSON.parse(text) : undefined) as T;
      if (res.status !== 503 || attempt >= this.retries)
        throw new Error(`${method} /api${route} answered ${res.status}: ${text.slice(0, 2000)}`);
      await new Promise((r) => setTimeout(r, this.retryDelayMs));
    }
  }

  strengthGrid(network: string, family: string, count: number): Promise<StrengthSuggestion> {
    return this.call(
      'GET',
      `/zoo/${network}/strength-grid?family=${family}&resource=flops&count=${count}`,
    );
  }

  /** Submits a sweep; the same `idempotencyKey` finds the earlier sweep instead of a new one. */
  submitSweep(spec: SweepSpecInput, idempotencyKey: string): Promise<{ id: string }> {
    return this.call('POST', '/sweeps', spec, { 'idempotency-key': idempotencyKey });
  }

  sweep(id: string): Promise<SweepDetailResponse> {
    return this.call('GET', `/sweeps/${id}`);
  }

  async runs(sweepId: string): Promise<RunResponse[]> {
    return this.pages<RunResponse>(`/sweeps/${sweepId}/runs`);
  }

  /** Re-runs the sweep's FAILED (not collapsed) and CANCELLED cells from their checkpoints. */
  resume(sweepId: string): Promise<unknown> {
    return this.call('POST', `/sweeps/${sweepId}/resume`, {});
  }

  /** Promotes a run (idempotent: the retraining workflows are keyed by structure and kind). */
  promote(runId: string): Promise<unknown> {
    return this.call('POST', `/runs/${runId}/promote`, {});
  }

  retrainings(sweepId: string): Promise<Retraining[]> {
    return this.pages<Retraining>(`/retrainings?sweepId=${sweepId}`);
  }

  private async pages<T>(route: string): Promise<T[]> {
    const items: T[] = [];
    const sep = route.includes('?') ? '&' : '?';
    for (;;) {
      const page = await this.call<{ items: T[] }>(
        'GET',
        `${route}${sep}offset=${items.length}&limit=100`,
      );
      items.push(...page.items);
      if (page.items.length < 100) return items;
    }
  }
}
