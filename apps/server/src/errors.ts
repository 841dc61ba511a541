// The catalogue of coded errors and the one error handler. 4xx bodies say what was wrong and
// how to fix it; 5xx bodies never carry internals (those go to the log with the request id).
import { createLogLimiter, type Clock } from '@ob/core';
import { describeAllowed, type ErrorBody, type FieldError } from '@ob/protocol';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export const ERRORS = {
  ERR_CONFIG_RANGE: { status: 400, fix: 'Nothing was changed: send values inside the allowed ranges listed in fields[].' },
  ERR_BAD_REQUEST: { status: 400, fix: 'Check the request against the API (GET /api/config shows the settings and their values).' },
  ERR_UNAUTHORIZED: { status: 401, fix: 'Send the header "Authorization: Bearer <ADMIN_TOKEN>" with the token the server was started with.' },
  ERR_READ_ONLY: { status: 403, fix: 'This server listens on a non-loopback address without ADMIN_TOKEN, so it refuses changes: restart it with ADMIN_TOKEN set, or bind HOST=127.0.0.1.' },
  ERR_FORBIDDEN_ORIGIN: { status: 403, fix: 'Open the dashboard from this server\'s own address, or start the server with ALLOWED_ORIGINS=<your origin>.' },
  ERR_FORBIDDEN_HOST: { status: 403, fix: 'Open the dashboard by this server\'s IP address or localhost, or start the server with ALLOWED_HOSTS=<the name you use>.' },
  ERR_NOT_FOUND: { status: 404, fix: 'GET /api/venues lists the venues served, GET /api/markets their markets.' },
  ERR_RATE_LIMITED: { status: 429, fix: 'Too many changes: wait for the time in the Retry-After header and send it again.' },
  ERR_TOO_MANY_ATTEMPTS: { status: 429, fix: 'Send the header "Authorization: Bearer <ADMIN_TOKEN>" with the right token: it is accepted at once; wrong ones again after the Retry-After header\'s seconds.' },
  ERR_REDIS_UNAVAILABLE: { status: 503, fix: 'Redis is not connected; GET /readyz shows its state.' },
  ERR_INTERNAL: { status: 500, fix: 'The server hit an unexpected error; it is in the server log under this request id.' },
} as const;

export type ErrorCode = keyof typeof ERRORS;

export class AppError extends Error {
  readonly statusCode: number;
  constructor(readonly code: ErrorCode, message: string, readonly fields?: FieldError[], statusCode?: number) {
    super(message);
    this.statusCode = statusCode ?? ERRORS[code].status;
  }
}

export function errorBody(code: ErrorCode, message: string, statusCode: number = ERRORS[code].status, fields?: FieldError[]): ErrorBody {
  const body: ErrorBody = { statusCode, code, message: `${message} ${ERRORS[code].fix}` };
  if (fields?.length) body.fields = fields;
  return body;
}

interface ValidationItem { instancePath?: string; message?: string; params?: Record<string, unknown> }

// Fastify schema errors (query/params): name each field and what it accepts.
function validationFields(err: FastifyError, req: FastifyRequest): FieldError[] {
  const context = (err as { validationContext?: string }).validationContext ?? 'request';
  const schemas = req.routeOptions.schema as Record<string, { properties?: Record<string, unknown> }> | undefined;
  const props = schemas?.[context]?.properties;
  return ((err.validation ?? []) as ValidationItem[]).map((v) => {
    const field = (v.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.')
      || String(v.params?.missingProperty ?? v.params?.additionalProperty ?? context);
    const allowed = describeAllowed(props?.[field] as Parameters<typeof describeAllowed>[0]);
    return { field, allowed, message: `${context} ${field} ${allowed}` };
  });
}

export function toErrorBody(err: FastifyError | AppError, req: FastifyRequest): ErrorBody {
  if (err instanceof AppError) return errorBody(err.code, err.message, err.statusCode, err.fields);
  if (err.validation) {
    const fields = validationFields(err, req);
    return errorBody('ERR_BAD_REQUEST', `Invalid ${fields.map((f) => f.message).join('; ')}.`, 400, fields);
  }
  const status = err.statusCode ?? 500;
  if (status === 413) return errorBody('ERR_BAD_REQUEST', `The body is larger than the server accepts (${req.server.initialConfig.bodyLimit} bytes).`, 413);
  if (status === 415) return errorBody('ERR_BAD_REQUEST', 'Send the body as JSON with "Content-Type: application/json".', 415);
  if (status === 429) return errorBody('ERR_RATE_LIMITED', 'Rate limit reached.', 429);
  // Fastify's own 4xx messages describe the client's mistake (bad JSON, ...) and are safe to echo.
  if (status >= 400 && status < 500) return errorBody('ERR_BAD_REQUEST', err.message, status);
  return errorBody('ERR_INTERNAL', `Internal error (request id ${req.id}).`, 500);
}

export function registerErrorHandler(app: FastifyInstance, clock: Clock): void {
  // Refusals are the client's doing, and a hostile one can send thousands: LOG_BURST lines per
  // code, then one per LOG_INTERVAL_MS with the count of those not logged.
  const limited = createLogLimiter(app.log, clock);
  app.setErrorHandler((err: FastifyError | AppError, req: FastifyRequest, reply: FastifyReply) => {
    const body = toErrorBody(err, req);
    if (body.statusCode >= 500) req.log.error({ err }, 'request failed');
    else limited('info', `refused:${body.code}`, { reqId: req.id, ip: req.ip, method: req.method, url: req.url.slice(0, 200), code: body.code, statusCode: body.statusCode }, `request refused: ${body.code}`);
    return reply.code(body.statusCode).type('application/json').send(body);
  });
}
