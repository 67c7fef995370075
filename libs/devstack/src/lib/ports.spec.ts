import { readFileSync } from 'node:fs';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { assertPortFree, freePort, PortInUseError } from './ports';

describe('ports', () => {
  it('picks free ports below the ephemeral range, where no outgoing connection or listen(0) lands', async () => {
    const low = Number(
      readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0],
    );
    const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()));
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(10_000);
      expect(port).toBeLessThan(low);
      await assertPortFree(port, 'a test', 'TEST_PORT');
    }
  });

  it('names the setting to change when a port is taken', async () => {
    const server = net.createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    try {
      await expect(assertPortFree(port, 'the Temporal server', 'TEMPORAL_PORT')).rejects.toThrow(
        PortInUseError,
      );
      await expect(assertPortFree(port, 'the Temporal server', 'TEMPORAL_PORT')).rejects.toThrow(
        /TEMPORAL_PORT/,
      );
    } finally {
      server.close();
    }
  });
});
