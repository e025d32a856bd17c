/** Where the app keeps its own data (the demo, the workspace library): `$WPA_HOME`, else ~/.wpa-explorer. */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export function wpaHome(): string {
  return resolve(process.env.WPA_HOME || join(homedir(), '.wpa-explorer'));
}
