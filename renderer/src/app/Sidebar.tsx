/** The left rail: the app, the open workspace, the screens, running jobs, theme and shortcuts. */
import { useJobs } from '../api/jobs.js';
import { Icon } from '../components/Icon.js';
import { ProgressBar } from '../components/ProgressBar.js';
import { useTheme } from '../theme/ThemeProvider.js';
import type { JobInfo } from '../../../shared/api/contract.js';
import { SCREENS, useNavigation, type ScreenId } from './navigation.js';
import { WorkspaceCard } from './WorkspaceCard.js';

/** Where each kind of job shows its progress. */
const JOB_SCREENS: Record<JobInfo['kind'], ScreenId> = { sync: 'connect', ingest: 'connect', demo: 'connect', export: 'export', import: 'import', audit: 'audit', analysis: 'analyses' };

function RunningJobs() {
  const running = useJobs().filter((j) => j.status === 'running');
  const { go } = useNavigation();
  if (running.length === 0) return null;
  return (
    <div className="stack" style={{ gap: 6 }}>
      {running.slice(0, 2).map((job) => (
        <button key={job.id} type="button" className="sidebar-job" onClick={() => go(JOB_SCREENS[job.kind])} title={job.title}>
          <span className="sidebar-job__title">{job.title}</span>
          <ProgressBar percent={job.percent} label={job.title} />
        </button>
      ))}
    </div>
  );
}

export function Sidebar({ onShowShortcuts }: { onShowShortcuts(): void }) {
  const { screen, go } = useNavigation();
  const { theme, toggle } = useTheme();
  return (
    <aside className="sidebar">
      <div className="sidebar__brand">
        <span className="sidebar__logo">
          <Icon name="chart" size={16} />
        </span>
        WPA Explorer
      </div>
      <WorkspaceCard />
      <nav className="nav" aria-label="Screens">
        {SCREENS.map((s) => (
          <button key={s.id} type="button" className="nav__item" aria-current={screen === s.id ? 'page' : undefined} onClick={() => go(s.id)} title={`${s.title} (G then ${s.key.toUpperCase()})`}>
            <Icon name={s.icon} />
            {s.title}
            <span className="nav__key" aria-hidden="true">
              G {s.key.toUpperCase()}
            </span>
          </button>
        ))}
      </nav>
      <div className="sidebar__footer">
        <RunningJobs />
        <button type="button" className="btn" onClick={toggle} aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}>
          <Icon name={theme === 'dark' ? 'sun' : 'moon'} />
          {theme === 'dark' ? 'Light theme' : 'Dark theme'}
        </button>
        <button type="button" className="btn" onClick={onShowShortcuts}>
          <Icon name="keyboard" />
          Shortcuts <kbd style={{ marginLeft: 'auto' }}>?</kbd>
        </button>
      </div>
    </aside>
  );
}
