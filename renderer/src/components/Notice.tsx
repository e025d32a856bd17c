/** A message box: errors in words with the hint and where to look; warnings; information. */
import type { ReactNode } from 'react';
import type { AppErrorData } from '../../../shared/errors.js';
import { Icon, type IconName } from './Icon.js';

type Tone = 'error' | 'warning' | 'info' | 'success';

const ICONS: Record<Tone, IconName> = { error: 'alert', warning: 'alert', info: 'info', success: 'check' };

export function Notice({ tone, title, children, actions }: { tone: Tone; title?: ReactNode; children?: ReactNode; actions?: ReactNode }) {
  return (
    <div className={`notice notice--${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <Icon name={ICONS[tone]} className="notice__icon" />
      <div className="grow">
        {title && <div className="notice__title">{title}</div>}
        {children}
      </div>
      {actions && <div className="row">{actions}</div>}
    </div>
  );
}

function describeWhere(where: AppErrorData['where']): string | undefined {
  if (!where) return undefined;
  const parts = [where.file, where.line !== undefined ? `line ${where.line}` : undefined, where.column ? `column ${where.column}` : undefined, where.field ? `field ${where.field}` : undefined];
  const text = parts.filter(Boolean).join(' · ');
  return text || undefined;
}

/** An error from the backend: what happened, what to do, where, and its code (for a report). */
export function ErrorNotice({ error, title, actions }: { error: AppErrorData; title?: string; actions?: ReactNode }) {
  const where = describeWhere(error.where);
  return (
    <Notice tone="error" title={title ?? error.message} actions={actions}>
      {title && <div>{error.message}</div>}
      {error.hint && <div className="notice__hint">{error.hint}</div>}
      <div className="notice__where">{[where, error.code].filter(Boolean).join(' · ')}</div>
    </Notice>
  );
}
