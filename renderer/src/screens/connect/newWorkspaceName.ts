/**
 * The name offered for a new workspace that loads a downloaded export instead of replacing the
 * loaded one: what the analyst recognises it by, the container and the refresh (the export's
 * folder), e.g. "contoso-wpa – 2024-06-03". Not the storage account: it is the same for every
 * export of a tenant and says nothing about this one.
 */
export function newWorkspaceName(container: string, refresh: string | undefined): string {
  const folder = refresh?.replace(/\/+$/, '').split('/').at(-1)?.trim();
  return folder && folder !== container ? `${container} – ${folder}` : container;
}
