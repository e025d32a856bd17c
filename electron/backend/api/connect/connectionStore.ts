/**
 * Connections to Azure containers: an id per container, its SAS held only in the backend, and the
 * redacted description plus last sync time kept in the workspace manifest for "recent connections".
 *
 * The id is a hash of the container URL (no query, no signature), so pasting a new SAS for the same
 * container updates that connection instead of adding another.
 */
import { createHash } from 'node:crypto';
import type { SasDescription } from '../../../../shared/api/contract.js';
import { AppError } from '../../../../shared/errors.js';
import { checkSasUri, describeSas, redactSas, type SasInfo } from '../../azure/sas.js';
import type { Workspace } from '../../workspace/workspace.js';
import type { SecretStore } from '../secrets.js';

/** The manifest section this module owns. */
export const CONNECTIONS_EXTENSION = 'app.connections';

interface StoredConnection {
  id: string;
  /** Description at the time it was stored (redacted); refreshed from the SAS when it is at hand. */
  sas: SasDescription;
  addedAt: string;
  lastUsed: string;
  lastSync?: string;
}

export interface ConnectionSummary {
  id: string;
  sas: SasDescription;
  lastSync?: string;
}

export class ConnectionStore {
  /** Checked SAS by connection id, for this run of the backend. */
  private readonly live = new Map<string, SasInfo>();

  constructor(
    private readonly ws: Workspace,
    private readonly secrets: SecretStore,
  ) {}

  /** Describe a SAS for the UI, with the storage warning when it is not kept encrypted. */
  describe(info: SasInfo): SasDescription {
    const d = describeSas(info);
    if (this.secrets.warning) d.warnings.push(this.secrets.warning);
    return d;
  }

  /** Check a pasted SAS and keep it under its container's connection id. */
  async remember(sasUri: string): Promise<{ id: string; info: SasInfo; description: SasDescription }> {
    const info = checkSasUri(sasUri);
    const id = connectionId(info);
    this.live.set(id, info);
    await this.secrets.set(secretKey(id), info.uri);
    const description = this.describe(info);
    const now = new Date().toISOString();
    const list = this.stored().filter((c) => c.id !== id);
    const previous = this.stored().find((c) => c.id === id);
    this.save([{ id, sas: description, addedAt: previous?.addedAt ?? now, lastUsed: now, lastSync: previous?.lastSync }, ...list]);
    return { id, info, description };
  }

  /** The SAS of a connection: from memory, else from the secret store (checked again: it may have expired). */
  async sasFor(id: string): Promise<SasInfo> {
    const live = this.live.get(id);
    if (live) return checkSasUri(live.uri);
    const known = this.stored().some((c) => c.id === id);
    const uri = await this.secrets.get(secretKey(id));
    if (!known && !uri) throw new AppError({ code: 'connect/unknown-connection', message: 'This connection is not known (any more).', hint: 'Paste the SAS URI again.', where: { field: 'connectionId' } });
    // The secret store is the app's, shared by its workspaces: a connection made in another one is adopted here.
    if (!known && uri) return (await this.remember(uri)).info;
    if (!uri) {
      throw new AppError({
        code: 'connect/sas-not-kept',
        message: 'The SAS URI of this connection was not kept after the app restarted.',
        hint: this.secrets.warning ?? 'Paste the SAS URI again.',
        where: { field: 'connectionId' },
      });
    }
    const info = checkSasUri(uri);
    this.live.set(id, info);
    return info;
  }

  async markSynced(id: string): Promise<void> {
    const now = new Date().toISOString();
    this.save(this.stored().map((c) => (c.id === id ? { ...c, lastSync: now, lastUsed: now } : c)));
  }

  /** Recent connections, most recently used first, described afresh where the SAS is at hand. */
  async recent(): Promise<ConnectionSummary[]> {
    const out: ConnectionSummary[] = [];
    for (const c of this.stored().sort((a, b) => b.lastUsed.localeCompare(a.lastUsed))) {
      let sas = c.sas;
      // A secret store that cannot be read (a locked keyring) is said so, not taken for "not kept".
      let unreadable: string | undefined;
      const uri =
        this.live.get(c.id)?.uri ??
        (await this.secrets.get(secretKey(c.id)).catch((e: unknown) => {
          unreadable = e instanceof Error ? e.message : String(e);
          return undefined;
        }));
      if (unreadable !== undefined) {
        sas = { ...c.sas, warnings: [...new Set([...(c.sas.warnings ?? []), `The stored SAS URI could not be read (${redactSas(unreadable)}): paste it again to sync.`])] };
      } else if (uri) {
        try {
          sas = this.describe(checkSasUri(uri));
        } catch (e) {
          // Expired since: show the stored description with the reason.
          const message = e instanceof Error ? e.message : String(e);
          sas = { ...c.sas, summary: `${c.sas.summary.split(' · ')[0]} · no longer valid`, warnings: [message] };
        }
      } else {
        sas = { ...c.sas, warnings: [...new Set([...(c.sas.warnings ?? []), 'The SAS URI was not kept: paste it again to sync.'])] };
      }
      out.push({ id: c.id, sas, lastSync: c.lastSync });
    }
    return out;
  }

  private stored(): StoredConnection[] {
    const v = this.ws.manifest.extensions[CONNECTIONS_EXTENSION];
    return Array.isArray(v) ? (v as StoredConnection[]) : [];
  }

  private save(list: StoredConnection[]): void {
    this.ws.manifest.extensions[CONNECTIONS_EXTENSION] = list.slice(0, 20);
    this.ws.saveManifest();
  }
}

export function connectionId(info: SasInfo): string {
  return createHash('sha256').update(info.containerUrl.toLowerCase()).digest('hex').slice(0, 16);
}

const secretKey = (id: string) => `sas:${id}`;
