/**
 * SAS URIs kept across restarts with Electron's safeStorage (Keychain, DPAPI, libsecret/kwallet),
 * in userData/secrets.json as encrypted base64. Where the OS offers no real encryption (Linux
 * without a keyring: safeStorage falls back to a fixed key, 'basic_text'), nothing is written:
 * secrets stay in memory and the user is told so next to the connection.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { SecretStore } from '../backend/api/secrets.js';

/** The part of Electron's safeStorage used here. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
}

export const NO_ENCRYPTION_WARNING =
  'This computer offers no encrypted storage for secrets (no keyring), so the SAS URI is kept in memory only and forgotten when WPA Explorer closes.';

interface SecretsFile {
  version: 1;
  entries: Record<string, string>;
}

export class SafeStorageSecretStore implements SecretStore {
  readonly persistent: boolean;
  readonly warning?: string;
  private readonly memory = new Map<string, string>();

  constructor(
    private readonly safeStorage: SafeStorageLike,
    private readonly path: string,
    platform: NodeJS.Platform = process.platform,
  ) {
    const backend = platform === 'linux' ? safeStorage.getSelectedStorageBackend?.() : undefined;
    this.persistent = safeStorage.isEncryptionAvailable() && backend !== 'basic_text' && backend !== 'unknown';
    this.warning = this.persistent ? undefined : NO_ENCRYPTION_WARNING;
  }

  async get(key: string): Promise<string | undefined> {
    if (this.memory.has(key)) return this.memory.get(key);
    if (!this.persistent) return undefined;
    const encrypted = this.read().entries[key];
    if (!encrypted) return undefined;
    try {
      const value = this.safeStorage.decryptString(Buffer.from(encrypted, 'base64'));
      this.memory.set(key, value);
      return value;
    } catch {
      // Encrypted under another user or keyring: as good as absent.
      return undefined;
    }
  }

  async set(key: string, value: string): Promise<void> {
    this.memory.set(key, value);
    if (!this.persistent) return;
    const file = this.read();
    file.entries[key] = this.safeStorage.encryptString(value).toString('base64');
    this.write(file);
  }

  async delete(key: string): Promise<void> {
    this.memory.delete(key);
    if (!this.persistent) return;
    const file = this.read();
    delete file.entries[key];
    this.write(file);
  }

  private read(): SecretsFile {
    if (!existsSync(this.path)) return { version: 1, entries: {} };
    try {
      const v = JSON.parse(readFileSync(this.path, 'utf8')) as SecretsFile;
      return { version: 1, entries: v.entries ?? {} };
    } catch {
      return { version: 1, entries: {} };
    }
  }

  private write(file: SecretsFile): void {
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, JSON.stringify(file), { mode: 0o600 });
    renameSync(tmp, this.path);
  }
}
