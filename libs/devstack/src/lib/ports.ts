import net from 'node:net';

/** Thrown when a port the stack needs is taken; the message says which setting moves it. */
export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
}

/**
 * Resolves when `port` on 127.0.0.1 can be bound; otherwise throws `PortInUseError`
 * naming the service and the environment variable that chooses another port.
 */
export async function assertPortFree(port: number, service: string, envVar: string): Promise<void> {
  const free = await new Promise<boolean>((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
  if (!free) {
    throw new PortInUseError(
      `port ${port} for ${service} is already in use: stop whatever listens there ` +
        `(\`ss -ltnp 'sport = :${port}'\` shows it) or set ${envVar} to another port`,
    );
  }
}

/** A port on 127.0.0.1 that was free a moment ago (for tests and helper processes). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts TCP connections on 127.0.0.1:`port`, or throws after `timeoutMs`. */
export async function waitForPort(port: number, timeoutMs: number, what: string): Promise<void> {
  await waitFor(
    () =>
      new Promise<boolean>((resolve) => {
        const socket = net.connect(port, '127.0.0.1');
        socket.once('connect', () => {
          socket.destroy();
          resolve(true);
        });
        socket.once('error', () => resolve(false));
      }),
    timeoutMs,
    `${what} did not open port ${port}`,
  );
}

/** Polls `check` every 200 ms until it returns true; throws `failure` after `timeoutMs`. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, failure: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${failure} within ${Math.round(timeoutMs / 1000)} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
