/**
 * Whether a process id names a live process (signal 0 delivers nothing; EPERM means it exists but
 * belongs to another user). Used by the sync lock and the workspace journal to tell a killed run.
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM';
  }
}
