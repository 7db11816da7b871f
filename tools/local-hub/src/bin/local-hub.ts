#!/usr/bin/env node
/**
 * Run the local Hub until SIGINT/SIGTERM. Users come from LOCAL_HUB_USERS (`name:token,name:token`);
 * LOCAL_HUB_DIR keeps the repos in a directory, LOCAL_HUB_PORT fixes the port. Prints the URL on stdout.
 */
import { startLocalHub } from '../lib/start-local-hub.js';

const users = (process.env.LOCAL_HUB_USERS ?? 'pixel:hf_local_pixel_token')
  .split(',')
  .filter((entry) => entry.includes(':'))
  .map((entry) => {
    const [name, token] = entry.split(':') as [string, string];
    return { name, token };
  });

const hub = await startLocalHub({
  users,
  ...(process.env.LOCAL_HUB_DIR && { dir: process.env.LOCAL_HUB_DIR }),
  port: Number(process.env.LOCAL_HUB_PORT ?? 0),
});
console.log(hub.url);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void hub.stop().then(() => process.exit(0));
  });
}
