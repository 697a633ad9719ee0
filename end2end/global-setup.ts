// Starts the real `essaim` binary on a free port with a fresh SQLite
// database and a mail folder, with one administrator and one official.
// Tests read ESSAIM_E2E_URL and ESSAIM_E2E_MAIL_DIR.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ADMIN = { email: 'admin@e2e.test', password: 'e2e admin password' };
/** The municipality the tests run campaigns in; OFFICIAL serves it. */
export const TOWN = 'Villeneuve-sur-Essaim';
export const OFFICIAL = { email: 'official@e2e.test', password: 'e2e official password' };

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

async function waitForHealth(url: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`essaim did not answer on ${url}/healthz`);
}

export default async function globalSetup(): Promise<() => void> {
  const root = resolve(__dirname, '..');
  const binary = process.env.ESSAIM_BIN ?? join(root, 'target', 'debug', 'essaim');
  const dir = mkdtempSync(join(tmpdir(), 'essaim-e2e-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    DATABASE_URL: `sqlite://${join(dir, 'essaim.db')}?mode=rwc`,
    ESSAIM_ADDR: `127.0.0.1:${port}`,
    ESSAIM_PUBLIC_URL: url,
    ESSAIM_MAIL_DIR: join(dir, 'mail'),
    ESSAIM_SITE_ROOT: join(root, 'target', 'site'),
    RUST_LOG: 'warn,essaim=info,server=info,app=info',
  };
  execFileSync(binary, ['municipality', 'create', '--name', TOWN], { env, stdio: 'inherit' });
  for (const [account, role] of [[ADMIN, 'admin'], [OFFICIAL, 'official']] as const) {
    execFileSync(binary, ['admin', 'create', '--email', account.email, '--role', role, '--municipality', TOWN], {
      env: { ...env, ESSAIM_ADMIN_PASSWORD: account.password },
      stdio: 'inherit',
    });
  }
  const server = spawn(binary, ['serve'], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  await waitForHealth(url, Date.now() + 30_000);
  process.env.ESSAIM_E2E_URL = url;
  process.env.ESSAIM_E2E_MAIL_DIR = env.ESSAIM_MAIL_DIR;
  return () => {
    server.kill('SIGINT');
  };
}
