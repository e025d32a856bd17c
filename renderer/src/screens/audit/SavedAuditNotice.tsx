/**
 * When the shown audit report was run and on which data: the report saved in the workspace can be
 * days old, and one of data loaded since is labelled so, never passed off as current.
 */
import type { SavedAudit } from '../../../../shared/audit/types.js';
import { Notice } from '../../components/Notice.js';
import { formatDateTimeLocal } from '../../lib/format.js';

export function SavedAuditNotice({ saved }: { saved: SavedAudit }) {
  const ran = formatDateTimeLocal(saved.report.createdAt);
  const loaded = saved.dataLoadedAt ? formatDateTimeLocal(saved.dataLoadedAt) : 'an earlier load';
  if (saved.stale) {
    return (
      <Notice tone="warning" title="This report is of older data">
        <div data-testid="audit-saved">
          The workspace changed after this audit (an export was loaded, or a file imported or joined): run it again to check the current data.
        </div>
        <div className="notice__hint">
          This audit ran {ran}, on data last loaded {loaded}.
        </div>
      </Notice>
    );
  }
  return (
    <p className="muted" data-testid="audit-saved" style={{ margin: 0 }}>
      Last audit run {ran}, on data loaded {loaded}.
    </p>
  );
}
