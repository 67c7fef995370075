import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorSchema } from '@morphsweep/contracts';
import { serveApi } from '../test/serve-api';
import { API_ERROR_REF } from './openapi-document';

// The document is walked loosely: any keeps the assertions readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;
type Operation = {
  parameters?: Loose[];
  requestBody?: Loose;
  responses: Record<string, Loose>;
  security?: Loose;
};

async function documentOf(url: string): Promise<Loose> {
  return (await fetch(`${url}/api/openapi.json`)).json();
}

function operationsOf(doc: Loose): Array<[string, Operation]> {
  return Object.entries(doc.paths as Record<string, Record<string, Operation>>).flatMap(
    ([path, item]) =>
      Object.entries(item).map(([m, op]): [string, Operation] => [`${m} ${path}`, op]),
  );
}

describe('the OpenAPI document, from the handlers’ zod schemas', () => {
  let app: INestApplication;
  let url: string;
  let doc: Loose;

  beforeAll(async () => {
    ({ app, url } = await serveApi());
    doc = await documentOf(url);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('types every path id as a UUID, and every other path parameter', () => {
    for (const [name, op] of operationsOf(doc)) {
      for (const p of (op.parameters ?? []).filter((p) => p.in === 'path')) {
        if (p.name === 'id') expect(p.schema, name).toMatchObject({ format: 'uuid' });
        else expect(p.schema.enum ?? p.schema.format, `${name} ${p.name}`).toBeDefined();
      }
    }
  });

  it('names each parameter once (header names are case-insensitive)', () => {
    for (const [name, op] of operationsOf(doc)) {
      const keys = (op.parameters ?? []).map((p) => `${p.in} ${String(p.name).toLowerCase()}`);
      expect(new Set(keys).size, `${name}: ${keys.join(', ')}`).toBe(keys.length);
    }
    const headers = doc.paths['/api/sweeps'].post.parameters.filter(
      (p: Loose) => p.in === 'header',
    );
    expect(headers).toMatchObject([{ name: 'idempotency-key', required: false }]);
  });

  it('gives every request body and every JSON success response its schema', () => {
    const body = doc.paths['/api/sweeps'].post.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(expect.arrayContaining(['name', 'seedNetwork', 'grid']));
    for (const [name, op] of operationsOf(doc)) {
      if (op.requestBody) {
        expect(op.requestBody.content['application/json'].schema.type, name).toBe('object');
      }
      for (const [status, response] of Object.entries(op.responses)) {
        const json = response.content?.['application/json']?.schema;
        if (Number(status) < 300 && response.content?.['application/json'])
          expect(json.type ?? json.$ref ?? json.anyOf, `${name} ${status}`).toBeDefined();
      }
    }
  });

  it('declares every error with the error body, and 400/500/503 on every operation taking input', () => {
    expect(doc.components.schemas.ApiError.required).toEqual(
      expect.arrayContaining(Object.keys(apiErrorSchema.shape).filter((k) => k !== 'issues')),
    );
    for (const [name, op] of operationsOf(doc)) {
      const statuses = Object.keys(op.responses);
      expect(statuses, name).toEqual(expect.arrayContaining(['500', '503']));
      if (op.parameters?.length || op.requestBody) expect(statuses, name).toContain('400');
      if (op.requestBody) expect(statuses, name).toContain('413');
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) < 400 || name === 'get /api/health') continue;
        expect(response.content['application/json'].schema, `${name} ${status}`).toEqual({
          $ref: API_ERROR_REF,
        });
      }
    }
    expect(Object.keys(doc.paths['/api/sweeps/{id}'].get.responses)).toContain('404');
    expect(Object.keys(doc.paths['/api/sweeps'].post.responses)).toContain('409');
  });

  it('declares no security without API_TOKEN: nothing asks for a token', () => {
    expect(doc.components.securitySchemes).toBeUndefined();
    for (const [name, op] of operationsOf(doc)) {
      expect(op.security, name).toBeUndefined();
      expect(op.responses['401'], name).toBeUndefined();
    }
  });

  it('answers a documented path’s other methods with 405, Allow and the error body', async () => {
    const res = await fetch(`${url}/api/sweeps`, { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, POST, HEAD');
    expect(apiErrorSchema.parse(await res.json())).toMatchObject({ code: 'METHOD_NOT_ALLOWED' });
    const byId = await fetch(`${url}/api/sweeps/${crypto.randomUUID()}`, { method: 'PUT' });
    expect(byId.status).toBe(405);
    expect(byId.headers.get('allow')).toBe('GET, HEAD');
    const cancel = await fetch(`${url}/api/sweeps/${crypto.randomUUID()}/cancel`);
    expect(cancel.status).toBe(405);
    expect(cancel.headers.get('allow')).toBe('POST');
    // Paths the document does not have stay 404; documented methods still route.
    expect((await fetch(`${url}/api/nope`, { method: 'DELETE' })).status).toBe(404);
    expect((await fetch(`${url}/api/health`, { method: 'HEAD' })).status).toBe(200);
  });
});

describe('the OpenAPI document with API_TOKEN set', () => {
  it('declares the bearer scheme, and it with a 401 on every mutating operation only', async () => {
    const { app, url } = await serveApi({ API_TOKEN: 'a-long-enough-secret-token-for-docs' });
    try {
      const doc = await documentOf(url);
      expect(doc.components.securitySchemes.bearer).toMatchObject({ scheme: 'bearer' });
      for (const [name, op] of operationsOf(doc)) {
        const mutating = !name.startsWith('get ');
        expect(op.security, name).toEqual(mutating ? [{ bearer: [] }] : undefined);
        expect(op.responses['401'] !== undefined, name).toBe(mutating);
      }
    } finally {
      await app.close();
    }
  });
});
