import { defineConfig } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// The release server on a fresh SQLite database with the demo data, started for this run.
// The config file is evaluated again in every worker: the environment carries the one data
// directory made by the main process to them.
const port = Number(process.env.E2E_PORT ?? 3100);
process.env.KOKEN_E2E_DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'koken-e2e-'));

export default defineConfig({
  testDir: './tests',
  fullyParallel: true,
  workers: 2,
  forbidOnly: true,
  retries: 0,
  timeout: 30_000,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    // Playwright cannot download its browsers here: Debian's chromium is used instead.
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
    trace: 'retain-on-failure',
  },
  webServer: {
    command: './target/release/koken-desk serve --demo-data',
    cwd: '..',
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      KOKEN_LISTEN: `127.0.0.1:${port}`,
      KOKEN_DATA_DIR: process.env.KOKEN_E2E_DATA_DIR,
      LEPTOS_SITE_ROOT: 'target/site',
      KOKEN_LOG: 'warn',
    },
  },
});
