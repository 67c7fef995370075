import type { SweepSpecInput } from '@morphsweep/contracts';
import { ApiError, type ApiClient, type MorphnetTarget, type RunQuery } from './api-client';
import type {
  ApiErrorBody,
  Candidate,
  Dataset,
  MetricPage,
  NetworkInspection,
  Page,
  Retraining,
  Run,
  RunDetail,
  RunPoint,
  StrengthSuggestion,
  Sweep,
  SweepDetail,
  SweepSummary,
  ZooNetwork,
} from './types';

const TOKEN_KEY = 'morphsweep.apiToken';

/** The browser's ApiClient: fetch against the same origin, bearer token from local storage. */
export class HttpApiClient implements ApiClient {
  constructor(private readonly base = '/api') {}

  listSweeps(query: { offset?: number; limit?: number; status?: string }) {
    return this.get<Page<SweepSummary>>(`/sweeps${qs(query)}`);
  }
  getSweep(id: string) {
    return this.get<SweepDetail>(`/sweeps/${id}`);
  }
  createSweep(spec: SweepSpecInput, idempotencyKey: string) {
    return this.send<Sweep>('POST', '/sweeps', spec, { 'idempotency-key': idempotencyKey });
  }
  listRuns(sweepId: string, query: RunQuery) {
    return this.get<Page<Run>>(`/sweeps/${sweepId}/runs${qs(query)}`);
  }
  async listRunPoints(sweepId: string) {
    return (await this.get<{ items: RunPoint[] }>(`/sweeps/${sweepId}/points`)).items;
  }
  getRun(id: string) {
    return this.get<RunDetail>(`/runs/${id}`);
  }
  getRunMetrics(id: string, query: { maxPoints: number }) {
    return this.get<MetricPage>(`/runs/${id}/metrics${qs(query)}`);
  }
  cancelSweep(id: string) {
    return this.send<Sweep>('POST', `/sweeps/${id}/cancel`);
  }
  resumeSweep(id: string) {
    return this.send<Sweep>('POST', `/sweeps/${id}/resume`);
  }
  promoteRun(id: string) {
    return this.send<{ retrainingId: string; workflowId: string; created: boolean }>(
      'POST',
      `/runs/${id}/promote`,
    );
  }
  // Every retraining of the sweep, page by page: with several seeds a sweep easily has more
  // than one page (structures × kinds × replicas).
  async listRetrainings(sweepId: string) {
    const items: Retraining[] = [];
    for (;;) {
      const page = await this.get<Page<Retraining>>(
        `/retrainings${qs({ sweepId, limit: 500, offset: items.length })}`,
      );
      items.push(...page.items);
      if (page.items.length === 0 || items.length >= page.total)
        return { ...page, items, offset: 0, limit: items.length };
    }
  }
  listRunCandidates(runId: string) {
    return this.get<Candidate[]>(`/runs/${runId}/candidates`);
  }
  listDatasets() {
    return this.get<Page<Dataset>>(`/datasets${qs({ limit: 200 })}`);
  }
  listZoo() {
    return this.get<ZooNetwork[]>('/zoo');
  }
  suggestStrengths(network: string, target: MorphnetTarget) {
    return this.get<StrengthSuggestion>(
      `/zoo/${encodeURIComponent(network)}/strength-grid${qs(target)}`,
    );
  }
  inspectNetwork(network: Record<string, unknown>, morphnet: MorphnetTarget) {
    return this.send<NetworkInspection>('POST', '/networks/inspect', { network, morphnet });
  }

  private get<T>(path: string): Promise<T> {
    return this.send<T>('GET', path);
  }

  private async send<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> {
    const send = () => {
      const token = localStorage.getItem(TOKEN_KEY);
      return fetch(`${this.base}${path}`, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    };
    let res = await send();
    // The API asks for a token only when API_TOKEN is set; ask the user once and keep it.
    if (res.status === 401 && method !== 'GET') {
      const token = window.prompt('This MorphSweep API needs its access token (API_TOKEN):');
      if (token) {
        localStorage.setItem(TOKEN_KEY, token);
        res = await send();
      }
    }
    if (!res.ok) {
      const err = (await res.json().catch(() => ({}))) as Partial<ApiErrorBody>;
      throw new ApiError(
        res.status,
        err.code ?? 'HTTP_ERROR',
        err.message ?? res.statusText,
        err.issues,
      );
    }
    return (await res.json()) as T;
  }
}

function qs(query: object): string {
  const entries = Object.entries(query).filter(([, v]) => v !== undefined && v !== '');
  return entries.length ? `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)]))}` : '';
}
