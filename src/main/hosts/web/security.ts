import crypto from 'node:crypto';
import type http from 'node:http';

export const TOKEN_COOKIE = 'sextant_token';

export function newLaunchToken(): string {
  return crypto.randomBytes(24).toString('base64url');
}

/** Compares a presented token with the real one in constant time. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

function cookieToken(header: string | undefined): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return rest.join('=');
  }
  return null;
}

/** Where the request presented the launch token, if it did: the `token` query or the cookie. */
export function presentedToken(request: http.IncomingMessage, url: URL): { token: string; via: 'query' | 'cookie' } | null {
  const query = url.searchParams.get('token');
  if (query) return { token: query, via: 'query' };
  const cookie = cookieToken(request.headers.cookie);
  if (cookie) return { token: cookie, via: 'cookie' };
  return null;
}

/** The token of an `Authorization: Bearer <token>` header, if the request has one. */
export function bearerToken(request: http.IncomingMessage): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return match ? match[1]! : null;
}

export function hasValidToken(request: http.IncomingMessage, url: URL, token: string): { ok: boolean; via: 'query' | 'cookie' | null } {
  const presented = presentedToken(request, url);
  if (!presented) return { ok: false, via: null };
  return { ok: safeEqual(presented.token, token), via: presented.via };
}

/**
 * Only names of this machine's loopback may address the host (a DNS-rebinding page cannot), and
 * a WebSocket may only be opened by a page the host itself served.
 */
export function allowedHosts(port: number, bindHost: string): Set<string> {
  const names = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  if (bindHost !== '127.0.0.1' && bindHost !== 'localhost') names.add(`${bindHost}:${port}`);
  return names;
}

export function isAllowedOrigin(origin: string | undefined, hosts: Set<string>): boolean {
  if (origin === undefined) return true; // not a browser (CLI tools, tests): the token still guards it
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' && hosts.has(url.host);
  } catch {
    return false;
  }
}

export function contentSecurityPolicy(): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self' ws://127.0.0.1:* ws://localhost:*",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}
