/**
 * Where SAS URIs are kept. The renderer never sees them: the backend holds them in memory by
 * connection id and, where the platform can encrypt (Electron's safeStorage), persists them.
 */

export interface SecretStore {
  /** Whether secrets survive a restart, encrypted. */
  readonly persistent: boolean;
  /** Shown next to every connection when secrets are not kept encrypted (why, and what it means). */
  readonly warning?: string;
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Secrets in this process's memory only: browser mode, tests, and Electron without encryption. */
export class MemorySecretStore implements SecretStore {
  readonly persistent = false;
  private readonly values = new Map<string, string>();

  constructor(readonly warning = 'The SAS URI is kept in memory only and forgotten when WPA Explorer stops; paste it again next time.') {}

  async get(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }

  async set(key: string, value: string): Promise<void> {
    this.values.set(key, value);
  }

  async delete(key: string): Promise<void> {
    this.values.delete(key);
  }
}
