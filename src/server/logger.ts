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
    const fields = { request: { method: request.method, url: request.url, status, ms }, ...(error ? { err: error } : {}) };
    const line = `${request.method} ${request.url} ${status} ${ms} ms`;
    if (error || status >= 500) reply.log.error(fields, line);
    else reply.log.info(fields, line);
  }
}
