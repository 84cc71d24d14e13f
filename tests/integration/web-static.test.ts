// The web app's files: client routes get index.html (never cached), hashed assets are cached
// for good, and a missing file is a 404 rather than the app's HTML.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { type TestDatabase, createTestDatabase, describeEachEngine } from '../support/test-database.ts';

describeEachEngine('web static files', (engine) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const webDir = mkdtempSync(path.join(tmpdir(), 'cnscd-web-'));

  beforeAll(async () => {
    mkdirSync(path.join(webDir, 'assets'));
    writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>cnscd</title>');
    writeFileSync(path.join(webDir, 'assets', 'app-abc123.js'), 'console.log(1)');
    database = await createTestDatabase(engine);
    app = await buildApp({ db: database.db, config: { secureCookies: false, webDir, logLevel: 'warn', demo: false }, logger: false });
  });
  afterAll(async () => {
    await app.close();
    await database.destroy();
  });

  it('serves index.html for client routes, not cached', async () => {
    const res = await app.inject({ url: '/ho-gia-dinh/0194d368-104a-7081-b8e1-90e6fa80673a' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<title>cnscd</title>');
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('serves the app at the root', async () => {
    const res = await app.inject({ url: '/?from=qr' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<title>cnscd</title>');
  });

  it('caches hashed assets for a year', async () => {
    const res = await app.inject({ url: '/assets/app-abc123.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it('answers 404 for a missing file instead of the app', async () => {
    const res = await app.inject({ url: '/assets/app-old999.js' });
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('<title>cnscd</title>');
  });

  it('serves a file added after start (a rebuilt web app)', async () => {
    writeFileSync(path.join(webDir, 'assets', 'app-new777.js'), 'console.log(2)');
    expect((await app.inject({ url: '/assets/app-new777.js' })).statusCode).toBe(200);
  });
});
