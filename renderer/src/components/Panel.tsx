/** A titled card; `fill` makes it take the remaining height (for grids and charts). */
import type { ReactNode } from 'react';

export function Panel({ title, actions, children, fill, flush, className, labelledBy }: { title?: ReactNode; actions?: ReactNode; children: ReactNode; fill?: boolean; flush?: boolean; className?: string; labelledBy?: string }) {
  return (
    <section className={['panel', fill ? 'panel--fill' : '', className ?? ''].filter(Boolean).join(' ')} aria-labelledby={labelledBy}>
      {(title || actions) && (
        <header className="panel__header">
          {typeof title === 'string' ? <h2 id={labelledBy}>{title}</h2> : title}
          {actions && <div className="row">{actions}</div>}
        </header>
      )}
      <div className={`panel__body${flush ? ' panel__body--flush' : ''}`}>{children}</div>
    </section>
  );
}

export function ScreenHeader({ title, description, actions }: { title: string; description?: ReactNode; actions?: ReactNode }) {
  return (
    <header className="screen-header">
      <div>
        <h1>{title}</h1>
        {description && <p>{description}</p>}
      </div>
      {actions && <div className="screen-header__actions">{actions}</div>}
    </header>
  );
}
