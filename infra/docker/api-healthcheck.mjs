// The API image's health check: exits 0 when GET /api/health answers 200 (every dependency up).
const port = process.env.API_PORT ?? '3000';
try {
  const response = await fetch(`http://127.0.0.1:${port}/api/health`, {
    signal: AbortSignal.timeout(8_000),
  });
  if (!response.ok) console.error(`unhealthy: /api/health answered ${response.status}`);
  process.exit(response.ok ? 0 : 1);
} catch (error) {
  console.error(`unhealthy: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
