import { readFileSync } from 'node:fs';
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
  if (!(await canBind(port))) {
    throw new PortInUseError(
      `port ${port} for ${service} is already in use: stop whatever listens there ` +
        `(\`ss -ltnp 'sport = :${port}'\` shows it) or set ${envVar} to another port`,
    );
  }
}

/**
 * A port on 127.0.0.1 that was free a moment ago (for tests and helper processes), picked at
 * random below the kernel's ephemeral range. Ports in that range are what the OS hands out to
 * outgoing connections and to `listen(0)` — which other servers use for their internal ports —
 * so one chosen there can be taken before the caller binds it. CI saw exactly that: the
 * Temporal dev server's frontend port went to one of its own internal services.
 */
export async function freePort(): Promise<number> {
  const min = 10_000;
  const max = ephemeralRange()[0] - 1;
  for (let attempt = 0; attempt < 100 && max - min >= 1000; attempt++) {
    const port = min + Math.floor(Math.random() * (max - min + 1));
    if (await canBind(port)) return port;
  }
  return osAssignedPort();
}

let ephemeral: [number, number] | undefined;

/** The kernel's range for ephemeral ports (Linux's default where it cannot be read); read once. */
function ephemeralRange(): [number, number] {
  if (ephemeral) return ephemeral;
  ephemeral = [32_768, 60_999];
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    if (low && high) ephemeral = [low, high];
  } catch {
    // not Linux: keep the default
  }
  return ephemeral;
}

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function osAssignedPort(): Promise<number> {
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
export async function waitFor(
  check: () => Promise<boolean>,
  timeoutMs: number,
  failure: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline)
      throw new Error(`${failure} within ${Math.round(timeoutMs / 1000)} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
