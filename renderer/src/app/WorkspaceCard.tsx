/** The open workspace in the sidebar: name, rows, data dates and last sync; a click opens the switcher. */
import { useState } from 'react';
import { createPortal } from 'react-dom';
import { Icon } from '../components/Icon.js';
import { useWorkspace } from './workspace.js';
import { dataDates, exportRows, infoDateRange, rowsLine, syncedLine } from './workspaceSummary.js';
import { WorkspaceSwitcher } from './WorkspaceSwitcher.js';

export function WorkspaceCard() {
  const ws = useWorkspace();
  const [open, setOpen] = useState(false);
  const info = ws.value;
  const { rows, uncounted, tables } = info ? exportRows(info) : { rows: 0, uncounted: false, tables: 0 };
  return (
    <>
      <button type="button" className="sidebar__workspace" onClick={() => setOpen(true)} title={info ? `${info.dir}\nSwitch, create or rename workspaces` : undefined} aria-label={info ? `Workspace ${info.name}: switch workspace` : 'Switch workspace'} data-testid="workspace-card">
        {!info ? (
          <span>{ws.status === 'error' ? 'Workspace unavailable' : 'Opening workspace…'}</span>
        ) : (
          <>
            <span className="sidebar__workspace-name">
              <strong data-testid="workspace-name">{info.name}</strong>
              <Icon name="chevrons" size={13} />
            </span>
            <span data-testid="workspace-rows">
              {info.isDemo ? 'Demo export · ' : ''}
              {rowsLine(rows, tables)}
              {uncounted ? ' and tables that could not be counted' : ''}
            </span>
            {dataDates(infoDateRange(info)) && <span data-testid="workspace-dates">{dataDates(infoDateRange(info))}</span>}
            {syncedLine(info.lastSync) && <span>{syncedLine(info.lastSync)}</span>}
          </>
        )}
      </button>
      {/* Outside the sidebar, whose colours it would otherwise inherit. */}
      {open && createPortal(<WorkspaceSwitcher onClose={() => setOpen(false)} />, document.body)}
    </>
  );
}
