import { existsSync } from 'node:fs';
import path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/** The built dashboard, beside this app in the workspace (same path from src/ and dist/). */
export const DEFAULT_DASHBOARD_DIR = path.resolve(__dirname, '../../../dashboard/dist');

/**
 * Serves the dashboard's files at `/`, and its `index.html` for any other GET outside
 * `/api` and `/metrics` (client-side routes such as `/sweeps/<id>`). Returns false, serving
 * nothing, when the dashboard is not built.
 */
export function serveDashboard(app: NestExpressApplication, dir: string): boolean {
  const index = path.join(dir, 'index.html');
  if (!existsSync(index)) return false;
  app.useStaticAssets(dir, { index: false, maxAge: '1h' });
  app.use((req: Request, res: Response, next: NextFunction) => {
    const apiPath = req.path.startsWith('/api') || req.path === '/metrics';
    if (req.method !== 'GET' || apiPath || path.extname(req.path) !== '') return next();
    res.sendFile(index, { headers: { 'cache-control': 'no-cache' } });
  });
  return true;
}
