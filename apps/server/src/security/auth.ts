// Who may change settings: a bearer token when ADMIN_TOKEN is set; without one, only a
// loopback-bound server accepts changes (anyone who can reach a public bind could retune it).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors';
import { isLoopback } from './hosts';

export interface Access {
  readOnly: boolean;
  tokenRequired: boolean;
}


export function accessFor(host: string, adminToken: string): Access {
  const tokenRequired = adminToken.length > 0;
  return { tokenRequired, readOnly: !tokenRequired && !isLoopback(host) };
}

const digest = (s: string) => createHash('sha256').update(s).digest();

export interface AuthGuard {
  access: Access;
  /** Throws ERR_READ_ONLY / ERR_UNAUTHORIZED; returns who made the request, for the change log. */
  check(req: FastifyRequest): string;
}

export function createAuthGuard(host: string, adminToken: string): AuthGuard {
  const access = accessFor(host, adminToken);
  // Comparing fixed-size hashes in constant time leaks neither the token nor its length.
  const expected = digest(adminToken);
  return {
    access,
    check(req) {
      if (access.readOnly) throw new AppError('ERR_READ_ONLY', 'This server is read-only.');
      if (!access.tokenRequired) return `local user at ${req.ip}`;
      const header = req.headers.authorization ?? '';
      const m = /^Bearer\s+(.+)$/i.exec(header);
      if (!m) throw new AppError('ERR_UNAUTHORIZED', 'Changes need a bearer token.');
      if (!timingSafeEqual(digest(m[1]!.trim()), expected)) throw new AppError('ERR_UNAUTHORIZED', 'The bearer token is wrong.');
      return `token holder at ${req.ip}`;
    },
  };
}
