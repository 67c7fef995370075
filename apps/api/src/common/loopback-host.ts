import { isIP } from 'node:net';

/**
 * Whether `host` (an address or a name, without port or brackets) can only mean this machine:
 * `localhost` and its subdomains (RFC 6761), 127.0.0.0/8, `::1`, and IPv4-mapped 127.x. A
 * wildcard (`0.0.0.0`, `::`) or any other name is not: it reaches, or may resolve to, other
 * machines.
 */
export function isLoopbackHost(host: string): boolean {
  const name = host
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (isIP(name) === 4) return name.startsWith('127.');
  if (isIP(name) === 6) return name === '::1' || /^::ffff:127\./.test(name);
  return false;
}

/**
 * The host name of an HTTP `Host` header (`localhost:3000` → `localhost`, `[::1]:3000` →
 * `::1`), or undefined when it is missing or malformed.
 */
export function hostOfHeader(header: string | undefined): string | undefined {
  if (!header) return undefined;
  try {
    const { hostname } = new URL(`http://${header}`);
    // The URL parser accepts a path or credentials; a Host header has neither.
    if (hostname === '' || /[/@?#\s]/.test(header)) return undefined;
    return hostname.replace(/^\[(.*)\]$/, '$1');
  } catch {
    return undefined;
  }
}
