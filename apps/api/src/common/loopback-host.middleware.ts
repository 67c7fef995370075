import { ForbiddenException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { hostOfHeader, isLoopbackHost } from './loopback-host';

/**
 * Without `API_TOKEN`, answers only requests addressed to this machine by name: a web page
 * on another site can make the browser resolve its own name to 127.0.0.1 (DNS rebinding) and
 * then read and drive the API as a same-origin page, but the browser still sends that site's
 * name in `Host`. Anything but a loopback name or address is refused with 403.
 */
export function loopbackHostOnly() {
  return (req: Request, res: Response, next: NextFunction): void => {
    const host = hostOfHeader(req.headers.host);
    if (host !== undefined && isLoopbackHost(host)) return next();
    const message = `Host "${req.headers.host ?? ''}" is not a loopback name: without API_TOKEN the API answers only requests to localhost, 127.0.0.1 or [::1] (DNS rebinding protection); set API_TOKEN to serve other names`;
    next(new ForbiddenException(message));
  };
}
