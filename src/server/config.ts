// Configuration from the environment, read once at start.
import path from 'node:path';
import { demoTodayProblem } from '../demo/demo-year.ts';

export interface Config {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  demo: boolean;
  /** The day the demo is seeded as of (YYYY-MM-DD); default today in Vietnam. */
  demoToday?: string;
  /** Cookies get `Secure` when the site is served over HTTPS (behind a proxy). */
  secureCookies: boolean;
  webDir: string;
  logLevel: string;
  /** Which proxies may state the client's address (X-Forwarded-For); see README. */
  trustProxy: boolean | string;
  /**
   * The address users reach the site by (https://cnscd.example.vn), printed in door cards'
   * QR codes; without it the address of the request is used.
   */
  publicUrl?: string;
  /** Where backups are written (BACKUP_DIR; default ./backups beside the data folder). */
  backupDir: string;
  /** The hour (0–23, Vietnam time) of the nightly backup (BACKUP_HOUR, default 2); -1 turns it off. */
  backupHour: number;
  /** Kept: the last N daily backups and one a week for M weeks (BACKUP_KEEP_DAILY=7, BACKUP_KEEP_WEEKLY=8). */
  backupKeepDaily: number;
  backupKeepWeekly: number;
  /** Days an uploaded import batch left open is kept before its rows are deleted (issue 19). */
  importRetentionDays: number;
  /** When set, backups are encrypted with it (age format); keep it apart from the backups. */
  backupPassphrase?: string;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    demo: env.DEMO === '1' || env.DEMO === 'true',
    demoToday: env.DEMO_TODAY ? demoToday(env.DEMO_TODAY) : undefined,
    secureCookies: env.SECURE_COOKIES === '1' || env.SECURE_COOKIES === 'true',
    webDir: path.resolve(env.WEB_DIR ?? './dist/web'),
    logLevel: env.LOG_LEVEL ?? 'info',
    trustProxy: env.TRUST_PROXY === 'true' ? true : env.TRUST_PROXY || 'loopback',
    publicUrl: env.PUBLIC_URL ? publicUrl(env.PUBLIC_URL) : undefined,
    backupDir: path.resolve(env.BACKUP_DIR ?? path.join(path.dirname(path.resolve(env.DATA_DIR ?? './data')), 'backups')),
    backupHour: wholeNumber(env.BACKUP_HOUR, 2, -1, 23, 'BACKUP_HOUR'),
    backupKeepDaily: wholeNumber(env.BACKUP_KEEP_DAILY, 7, 1, 365, 'BACKUP_KEEP_DAILY'),
    backupKeepWeekly: wholeNumber(env.BACKUP_KEEP_WEEKLY, 8, 0, 520, 'BACKUP_KEEP_WEEKLY'),
    backupPassphrase: env.BACKUP_PASSPHRASE || undefined,
    importRetentionDays: wholeNumber(env.IMPORT_RETENTION_DAYS, 7, 1, 365, 'IMPORT_RETENTION_DAYS'),
  };
}

function wholeNumber(value: string | undefined, fallback: number, min: number, max: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be a whole number from ${min} to ${max}: ${value}`);
  return n;
}

function demoToday(value: string): string {
  const problem = demoTodayProblem(value); // a wrong date stops the start, not the seed halfway
  if (problem) throw new Error(problem);
  return value;
}

function publicUrl(value: string): string {
  const url = new URL(value); // an invalid address stops the start, not the first card print
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`PUBLIC_URL must be an http(s) address: ${value}`);
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}
