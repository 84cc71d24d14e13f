// One writer per PGlite data folder. PGlite takes no lock of its own: two processes opening
// one folder (the server and a `npm run cli` command) both write its files and can ruin it.
// Whoever opens a folder first creates DATA_DIR/cnscd.lock atomically (open 'wx') with its
// PID, start time, host and command; a second opener reads it and is refused with a message
// naming the holder, before it touches anything else in the folder. A lock left by a process
// that is gone (killed, machine restarted) is recognised — its PID is not alive, or the PID
// now belongs to a process that started at another time — and taken over.
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';

export const LOCK_FILE = 'cnscd.lock';

export interface LockHolder {
  pid: number;
  /** When the holder took the lock (ISO). */
  startedAt: string;
  host: string;
  command: string;
  /** The holder process's start time as the kernel counts it (Linux /proc), to tell a reused PID. */
  processStart?: string;
}

export interface DataLock {
  file: string;
  holder: LockHolder;
  release(): void;
}

export class DataFolderLocked extends Error {
  constructor(readonly dataDir: string, readonly holder: LockHolder) {
    super(lockedMessage(dataDir, holder));
    this.name = 'DataFolderLocked';
  }
}

export function lockedMessage(dataDir: string, holder: LockHolder): string {
  const who = `PID ${holder.pid} trên máy ${holder.host}, từ ${holder.startedAt}: ${holder.command}`;
  return `Thư mục dữ liệu ${dataDir} đang được một tiến trình khác dùng (${who}). ` +
    'Hãy dừng tiến trình đó, hoặc chạy lệnh qua máy chủ đang chạy. ' +
    `/ The data folder ${dataDir} is in use by another process (PID ${holder.pid} on ${holder.host} since ${holder.startedAt}: ${holder.command}).`;
}

/** The kernel's start time of a process (clock ticks since boot), where the system tells it. */
export function processStartOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19]; // field 22 of the whole line
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
  }
}

/** Whether the holder written in a lock file is still the process that wrote it. */
export function holderAlive(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return true; // another machine's process: cannot tell, assume alive
  if (!Number.isInteger(holder.pid) || holder.pid <= 0 || !alive(holder.pid)) return false;
  if (holder.processStart) {
    const now = processStartOf(holder.pid);
    if (now !== undefined && now !== holder.processStart) return false; // the PID was reused
  }
  return true;
}

export function readLock(dataDir: string): LockHolder | undefined {
  try {
    return JSON.parse(readFileSync(path.join(dataDir, LOCK_FILE), 'utf8')) as LockHolder;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    // A lock file cut short (the writer died between open and write) holds nobody.
    return { pid: 0, startedAt: '?', host: hostname(), command: '?' };
  }
}

/** The live holder of a folder's lock, or undefined when it is free or stale. */
export function liveHolder(dataDir: string): LockHolder | undefined {
  const holder = readLock(dataDir);
  return holder && holderAlive(holder) ? holder : undefined;
}

/**
 * Takes the folder's lock or throws DataFolderLocked naming the live holder. Creates the
 * folder when missing. The lock is released by release() and, as a last resort, when the
 * process exits normally; a killed process leaves it stale for the next one to take over.
 */
export function acquireDataLock(dataDir: string, command = defaultCommand()): DataLock {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  const holder: LockHolder = { pid: process.pid, startedAt: new Date().toISOString(), host: hostname(), command, processStart: processStartOf(process.pid) };
  for (let attempt = 0; attempt < 5; attempt += 1) {
    let fd: number;
    try {
      fd = openSync(file, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const current = readLock(dataDir);
      if (current && holderAlive(current)) throw new DataFolderLocked(dataDir, current);
      // Stale: move it aside under a unique name (only one taker's rename succeeds), then
      // race for 'wx' again.
      try {
        const aside = `${file}.stale-${process.pid}-${Date.now()}`;
        renameSync(file, aside);
        rmSync(aside, { force: true });
      } catch { /* another process took it over first: try again */ }
      continue;
    }
    try {
      writeSync(fd, JSON.stringify(holder));
    } finally {
      closeSync(fd);
    }
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      process.off('exit', release);
      // Only our own lock: never remove one a later holder took over.
      const now = readLock(dataDir);
      if (now && now.pid === holder.pid && now.startedAt === holder.startedAt) rmSync(file, { force: true });
    };
    process.on('exit', release);
    return { file, holder, release };
  }
  throw new Error(`Không lấy được khoá thư mục dữ liệu ${dataDir} / could not lock the data folder`);
}

function defaultCommand(): string {
  return process.argv.slice(1).map((a) => path.basename(a) === a ? a : path.relative(process.cwd(), a) || a).join(' ').slice(0, 200);
}
