import 'reflect-metadata';
import { Controller, Get, Post, type INestApplication } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { API_CONFIG, loadApiConfig } from '../config/api.config';
import { ApiTokenGuard } from './api-token.guard';

@Controller('things')
class ThingsController {
  @Get()
  list() {
    return [];
  }
  @Post()
  create() {
    return { created: true };
  }
}

async function appWith(token?: string): Promise<{ app: INestApplication; url: string }> {
  const config = loadApiConfig({
    DATABASE_URL: 'postgresql://unused',
    ...(token ? { API_TOKEN: token } : {}),
  });
  const module = await Test.createTestingModule({
    controllers: [ThingsController],
    providers: [
      { provide: API_CONFIG, useValue: config },
      { provide: APP_GUARD, useClass: ApiTokenGuard },
    ],
  }).compile();
  const app = module.createNestApplication({ logger: false });
  await app.listen(0, '127.0.0.1');
  return { app, url: await app.getUrl() };
}

describe(ApiTokenGuard.name, () => {
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
  });

  it('lets everything through when no token is configured', async () => {
    const served = await appWith();
    app = served.app;
    expect((await fetch(`${served.url}/things`, { method: 'POST' })).status).toBe(201);
  });

  it('requires the bearer token for mutations only', async () => {
    const token = 'a-long-enough-secret-token';
    const served = await appWith(token);
    app = served.app;
    expect((await fetch(`${served.url}/things`)).status).toBe(200);
    expect((await fetch(`${served.url}/things`, { method: 'POST' })).status).toBe(401);
    const wrong = { authorization: 'Bearer a-long-enough-secret-tokeN' };
    expect((await fetch(`${served.url}/things`, { method: 'POST', headers: wrong })).status).toBe(
      401,
    );
    const right = { authorization: `Bearer ${token}` };
    expect((await fetch(`${served.url}/things`, { method: 'POST', headers: right })).status).toBe(
      201,
    );
  });

  it('refuses a token too short to be a secret', () => {
    expect(() => loadApiConfig({ DATABASE_URL: 'postgresql://x', API_TOKEN: 'short' })).toThrow(
      /API_TOKEN must be at least 16/,
    );
  });
});
