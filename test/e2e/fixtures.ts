import { test as base } from '@playwright/test';
import { startServerProcess, type ServerProcess } from '../support/server-process';

/** Each worker gets its own real server on a random port with an empty SQLite directory. */
export const test = base.extend<object, { server: ServerProcess }>({
  server: [
    // eslint-disable-next-line no-empty-pattern -- Playwright fixtures must destructure their dependencies.
    async ({}, use) => {
      const server = await startServerProcess();
      await use(server);
      await server.stop();
    },
    { scope: 'worker' },
  ],
});

export { expect } from '@playwright/test';
