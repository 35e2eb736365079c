/**
 * The embedded mailbox outlives a sender that dies mid-message: a client whose connection is reset (a worker killed
 * with kill -9 while sending) must not take the process down with it (smtp-server re-emits that client's ECONNRESET
 * on the server); the next message is received and kept. The mailbox runs in its own process, as in `nhac-han start`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { waitFor } from '../support/wait';

let child: ChildProcess;
let dir: string;
let port = 0;
let exited: number | null | undefined;
let stderr = '';

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhac-han-mailbox-'));
  child = spawn(process.execPath, ['--require', 'tsx/cjs', path.join(__dirname, 'mailbox-child.ts'), dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.on('exit', (code) => (exited = code));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString('utf8')));
  port = await waitFor('the mailbox to listen', async () => Number(/READY (\d+)/.exec(out)?.[1]) || undefined, 60_000);
}, 90_000);

afterAll(() => {
  child?.kill('SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Opens a conversation, starts a message, and resets the connection (an RST, as a killed process leaves). */
async function resetMidMessage(): Promise<void> {
  const socket = net.connect(port, '127.0.0.1');
  let seen = '';
  socket.on('data', (d: Buffer) => (seen += d.toString('utf8')));
  socket.on('error', () => undefined);
  await waitFor('the greeting', async () => (seen.includes('220 ') ? true : undefined));
  socket.write('EHLO worker\r\nMAIL FROM:<nhac-han@test>\r\nRCPT TO:<dau-moi@test>\r\nDATA\r\n');
  await waitFor('the DATA prompt', async () => (seen.includes('354') ? true : undefined));
  socket.write('Subject: half\r\n\r\nhalf a mess');
  // The half message reaches the server before the reset does (else the reset is all it sees).
  await new Promise((r) => setTimeout(r, 200));
  await new Promise<void>((resolve) => {
    socket.once('close', () => resolve());
    socket.resetAndDestroy();
  });
}

it('keeps receiving after senders reset their connections mid-message', async () => {
  for (let i = 0; i < 3; i++) await resetMidMessage();
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false });
  try {
    await transport.sendMail({ from: 'nhac-han@test', to: 'dau-moi@test', subject: 'Nhắc hạn', text: 'Còn 3 ngày' });
  } catch (err) {
    throw new Error(`the mailbox is gone (exit ${String(exited)}): ${String(err)}\n${stderr}`);
  } finally {
    transport.close();
  }
  const kept = await waitFor('the message on disk', async () => {
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.eml'));
    return files.length > 0 ? files : undefined;
  });
  expect(kept.length).toBe(1);
  expect({ exited, stderr }).toEqual({ exited: undefined, stderr: '' });
});
