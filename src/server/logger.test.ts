// The log as a person at the terminal and a log collector get it: one short line per request.
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { RequestLog, serverLogger } from './logger.ts';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, stream };
}

async function appWith(logger: object) {
  const app = Fastify({ logger, logController: new RequestLog() });
  app.get('/api/ok', async () => ({ ok: true }));
  app.get('/api/broken', async () => {
    throw new Error('hỏng');
  });
  await app.ready();
  return app;
}

describe('server log', () => {
  it('writes one JSON line per request for a collector: method, path, status, time', async () => {
    const { lines, stream } = capture();
    const app = await appWith({ ...serverLogger('info', false), stream });
    await app.inject({ method: 'GET', url: '/api/ok?x=1', headers: { cookie: 'cnscd_session=secret' } });
    const entries = lines.map((line) => JSON.parse(line));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ level: 30, msg: expect.stringMatching(/^GET \/api\/ok\?x=~ 200 \d+ ms$/), request: { method: 'GET', url: '/api/ok?x=~', status: 200 } });
    expect(lines.join('')).not.toContain('secret');
    await app.close();
  });

  it('logs a failed request as an error, with the error', async () => {
    const { lines, stream } = capture();
    const app = await appWith({ ...serverLogger('info', false), stream });
    await app.inject({ method: 'GET', url: '/api/broken' });
    const entries = lines.map((line) => JSON.parse(line));
    const request = entries.find((e) => e.request);
    expect(request).toMatchObject({ level: 50, msg: expect.stringMatching(/^GET \/api\/broken 500 \d+ ms$/) });
    await app.close();
  });

  it('writes lines a person reads when attached to a terminal: time, level, the request in a few words', async () => {
    const { lines, stream } = capture();
    const app = await appWith(serverLogger('info', true, stream));
    await app.inject({ method: 'GET', url: '/api/ok' });
    // pino-pretty colours the words; without the colour codes the line reads plainly.
    const plain = lines.map((line) => line.replace(/\u001b\[\d+m/g, ''));
    expect(plain).toHaveLength(1);
    expect(plain[0]).toMatch(/^\[\d{2}:\d{2}:\d{2}\] INFO: GET \/api\/ok 200 \d+ ms$/);
    await app.close();
  });
});
