/** Loading, error and empty states, the same everywhere. */
import type { ReactNode } from 'react';
import { messageOf } from '../api/client.js';
import { Icon } from './icon.js';

export function Loading({ label = 'Loading…' }: { readonly label?: string }) {
  return (
    <p className="state state-loading" role="status">
      <Icon name="spinner" /> {label}
    </p>
  );
}

/** The server's message, announced to screen readers. */
export function ErrorBox({
  error,
  title,
  onRetry,
}: {
  readonly error: unknown;
  readonly title?: string;
  readonly onRetry?: () => void;
}) {
  return (
    <div className="state state-error" role="alert">
      <Icon name="cross" />
      <div>
        {title && <strong>{title}: </strong>}
        <span>{messageOf(error)}</span>
        {onRetry && (
          <button type="button" className="button-link" onClick={onRetry}>
            Try again
          </button>
        )}
      </div>
    </div>
  );
}

export function EmptyState({
  title,
  children,
}: {
  readonly title: string;
  readonly children?: ReactNode;
}) {
  return (
    <div className="state state-empty">
      <p className="state-title">{title}</p>
      {children}
    </div>
  );
}
