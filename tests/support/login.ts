// Logging in from distinct client addresses, so a test file that logs in many times stays
// under the login route's per-address rate limit, and raw login attempts for throttle tests.
import { Client, PASSWORD, type TestApp } from './test-app.ts';

let counter = 0;
/** A fresh client address for each call (10.x.y.z), unless one is given. */
export const nextIp = () => {
  counter += 1;
  return `10.${(counter >> 16) & 255}.${(counter >> 8) & 255}.${counter & 255}`;
};

export async function attemptLogin(t: TestApp, identifier: string, password: string, ip = nextIp()) {
  const started = performance.now();
  const response = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { identifier, password }, remoteAddress: ip });
  return { status: response.statusCode, body: response.json(), ms: performance.now() - started, response };
}

/** Logs in (from a fresh address) and returns a client carrying the session cookie and CSRF token. */
export async function loginAs(t: TestApp, identifier: string, password = PASSWORD): Promise<Client> {
  const { status, body, response } = await attemptLogin(t, identifier, password);
  if (status !== 200) throw new Error(`login ${identifier} failed: ${status} ${JSON.stringify(body)}`);
  const cookie = response.cookies.find((c) => c.name === 'cnscd_session');
  return new Client(t.app, `cnscd_session=${cookie!.value}`, body.csrfToken, body);
}

/** The id of the session a client holds (the one its own session list marks current). */
export async function currentSessionId(client: Client): Promise<string> {
  const { body } = await client.get('/api/auth/sessions');
  const current = body.items.find((s: { current: boolean }) => s.current);
  if (!current) throw new Error('no current session');
  return current.id;
}
