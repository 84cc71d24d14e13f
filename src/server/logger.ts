// The server's log: one JSON object a line for a log collector (stdout not a terminal), or
// lines a person reads (pino-pretty, in this process) when someone watches the terminal, as
// with `npm run demo`. A request is one short line either way (RequestLog).
import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import pretty from 'pino-pretty';

/** Never written to the log: the session cookie and the CSRF token. */
const REDACT = ['req.headers.cookie', 'req.headers["x-csrf-token"]'];

/**
 * Fastify's `logger` option; human-readable lines by default when stdout is a terminal.
 * `destination` (tests): where the readable lines go instead of stdout.
 */
export function serverLogger(level: string, human = process.stdout.isTTY === true, destination?: NodeJS.WritableStream) {
  if (!human) return { level, redact: REDACT };
  const stream = pretty({
    ...(destination ? { destination } : {}),
    colorize: true,
    translateTime: 'SYS:HH:MM:ss',
    // The request id, process and host say nothing to a person at the terminal; a request's
    // fields and the start's timings are already in their lines.
    ignore: 'pid,hostname,reqId,request,engine,migrations,startupMs',
    // Written in this thread, at once: a demo's log is small, and a line printed just before
    // a crash or Ctrl-C is not lost in a buffer.
    sync: true,
  });
  return { level, redact: REDACT, stream };
}

/**
 * One line per answered request — `GET /api/indicators 200 41 ms` — where Fastify writes two
 * long ones (the request's headers and address on arrival, the reply's when it ends). The same
 * fields go to a collector under `request`; an error's stack still comes with its own line.
 */
export class RequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const status = reply.statusCode;
    const ms = Math.round(reply.elapsedTime);
    const url = redactUrl(request.url);
    const fields = { request: { method: request.method, url, status, ms }, ...(error ? { err: error } : {}) };
    const line = `${request.method} ${url} ${status} ${ms} ms`;
    if (error || status >= 500) reply.log.error(fields, line);
    else reply.log.info(fields, line);
  }
}

/**
 * Query parameters whose values say nothing about a person: kept in the log. Every other
 * parameter (q: a name or a CCCD typed in a search; a phone; anything a later route adds) is
 * written as `q=~`, so the log shows that a search happened and never what was searched.
 */
const PLAIN_QUERY_KEYS = new Set([
  'page', 'pageSize', 'status', 'show', 'sheet', 'year', 'month', 'quarter', 'period', 'from', 'to', 'villageId', 'communeId',
  'orgUnitId', 'unitId', 'entity', 'action', 'level', 'kind', 'format', 'sort', 'order', 'limit', 'scope', 'indicator', 'key', 'topic',
]);
const PLAIN_VALUE = /^[\w.:-]{0,40}$/;

/** The request's path with every query value that could be personal data redacted. */
export function redactUrl(url: string): string {
  const mark = url.indexOf('?');
  if (mark < 0) return url;
  const params = url.slice(mark + 1).split('&').filter(Boolean).map((pair) => {
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    const value = eq < 0 ? '' : pair.slice(eq + 1);
    let name: string;
    try { name = decodeURIComponent(key.replace(/\+/g, ' ')); } catch { name = ''; }
    let plain: string;
    try { plain = decodeURIComponent(value.replace(/\+/g, ' ')); } catch { plain = '\u0000'; }
    // A long run of digits is never logged, even under a plain key (a CCCD or a phone).
    return PLAIN_QUERY_KEYS.has(name) && PLAIN_VALUE.test(plain) && !/\d{8,}/.test(plain) ? pair : `${/^[\w]{1,40}$/.test(name) ? name : '~'}=~`;
  });
  return `${url.slice(0, mark)}?${params.join('&')}`;
}
