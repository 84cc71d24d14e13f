// The running server's door for operator commands on PGlite. The server holds the data
// folder's lock (db/data-lock.ts), so `npm run cli -- backup` cannot open the folder beside
// it; instead the CLI sends its command over a Unix socket in the data folder, DATA_DIR/
// cnscd.sock, which only the machine user running the server can open (mode 0600, in the
// server's folder), and the server carries it out on its own connection. Only the commands
// of SERVER_COMMANDS pass; the protocol is one JSON line each way per message:
//   CLI → server: {"command": "backup", "args": {…}}
//   server → CLI: {"out": "…"} | {"progress": "…"} … then {"exit": 0} or {"error": "…"}
import { chmodSync, rmSync } from 'node:fs';
import { type Server, type Socket, connect, createServer } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { CommandArgs, CommandContext, CommandRunner } from './cli-commands.ts';

export const CONTROL_SOCKET = 'cnscd.sock';

export function controlSocketPath(dataDir: string): string {
  return path.join(dataDir, CONTROL_SOCKET);
}

export interface ControlServer {
  path: string;
  close(): Promise<void>;
}

interface Log {
  info(message: string): void;
  warn(message: string): void;
}

export async function startControlSocket(dataDir: string, base: Omit<CommandContext, 'out' | 'progress'>, commands: Record<string, CommandRunner>, log: Log): Promise<ControlServer | undefined> {
  const socketPath = controlSocketPath(dataDir);
  if (Buffer.byteLength(socketPath) > 100) {
    log.warn(`Đường dẫn thư mục dữ liệu quá dài cho cổng lệnh ${socketPath}: lệnh CLI không chạy được khi máy chủ đang chạy.`);
    return undefined;
  }
  // We hold the folder's lock: a socket file left here is a dead server's.
  rmSync(socketPath, { force: true });
  let busy = false;
  const server: Server = createServer((socket: Socket) => {
    const send = (message: object) => { if (!socket.destroyed) socket.write(`${JSON.stringify(message)}\n`); };
    const lines = createInterface({ input: socket });
    lines.once('line', async (line) => {
      lines.close();
      let request: { command?: string; args?: CommandArgs };
      try {
        request = JSON.parse(line);
      } catch {
        send({ error: 'Lệnh không đọc được.' });
        socket.end();
        return;
      }
      const run = request.command ? commands[request.command] : undefined;
      if (!run) {
        send({ error: `Máy chủ không chạy lệnh "${request.command}" thay cho CLI.` });
        socket.end();
        return;
      }
      if (busy) {
        send({ error: 'Máy chủ đang chạy một lệnh khác từ CLI; thử lại sau.' });
        socket.end();
        return;
      }
      busy = true;
      log.info(`Cổng lệnh: chạy "${request.command}" cho CLI.`);
      try {
        const exit = await run({ ...base, out: (text) => send({ out: text }), progress: (text) => send({ progress: text }) }, request.args ?? {});
        send({ exit });
      } catch (error) {
        send({ error: (error as Error).message });
      } finally {
        busy = false;
        socket.end();
      }
    });
    socket.on('error', () => {});
  });
  const previous = process.umask(0o177); // the socket file is born 0600
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => { server.off('error', reject); resolve(); });
    });
  } finally {
    process.umask(previous);
  }
  chmodSync(socketPath, 0o600);
  return {
    path: socketPath,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      rmSync(socketPath, { force: true });
    }),
  };
}

export interface RemoteResult {
  exit: number;
}

/**
 * Sends a command to the server holding the folder; its lines are printed as they come.
 * Rejects when no server answers on the socket.
 */
export function runThroughServer(dataDir: string, command: string, args: CommandArgs, print: { out(text: string): void; progress(text: string): void }): Promise<RemoteResult> {
  return new Promise((resolve, reject) => {
    const socket = connect(controlSocketPath(dataDir));
    let settled = false;
    const settle = (fn: () => void) => { if (!settled) { settled = true; fn(); } };
    socket.on('error', (error) => settle(() => reject(error)));
    socket.on('connect', () => socket.write(`${JSON.stringify({ command, args })}\n`));
    const lines = createInterface({ input: socket });
    lines.on('line', (line) => {
      const message = JSON.parse(line) as { out?: string; progress?: string; exit?: number; error?: string };
      if (message.out !== undefined) print.out(message.out);
      else if (message.progress !== undefined) print.progress(message.progress);
      else if (message.exit !== undefined) settle(() => resolve({ exit: message.exit! }));
      else if (message.error !== undefined) settle(() => reject(new Error(message.error)));
    });
    socket.on('close', () => settle(() => reject(new Error('Máy chủ đóng cổng lệnh trước khi trả lời.'))));
  });
}
