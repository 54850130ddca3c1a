/** Status badges: icon + word, coloured by tone (never colour alone). */
import { healthLook, operationLook, syncLook, type StatusLook } from '../lib/status-meta.js';
import { Icon } from './icon.js';

function Badge({
  look,
  text,
  title,
  what,
}: {
  readonly look: StatusLook;
  readonly text: string;
  readonly title?: string;
  /** Read before the status by screen readers ("Health", "Sync"): two "Unknown"s side by side are otherwise ambiguous. */
  readonly what: string;
}) {
  return (
    <span className={`badge tone-${look.tone}`} title={title ?? `${what}: ${text}`}>
      <Icon name={look.icon} />
      <span className="visually-hidden">{what}: </span>
      <span>{text}</span>
    </span>
  );
}

export function SyncBadge({ status, title }: { readonly status: string; readonly title?: string }) {
  return <Badge look={syncLook(status)} text={status} title={title} what="Sync" />;
}

export function HealthBadge({
  status,
  title,
}: {
  readonly status: string;
  readonly title?: string;
}) {
  return <Badge look={healthLook(status)} text={status} title={title} what="Health" />;
}

export function OperationBadge({
  phase,
  title,
}: {
  readonly phase: string;
  readonly title?: string;
}) {
  return <Badge look={operationLook(phase)} text={phase} title={title} what="Operation" />;
}
