/** Live updates from the application stream, and the small "Live" indicator that shows their state. */
import { useEffect, useRef, useState } from 'react';
import { watchApplications, type StreamState } from '../api/stream.js';
import type { ApplicationWatchEvent } from '../api/types.js';

/** Subscribes while mounted; `name` limits the stream to one application. */
export function useApplicationStream(
  name: string | undefined,
  onEvent: (event: ApplicationWatchEvent) => void,
): StreamState {
  const [state, setState] = useState<StreamState>('connecting');
  const latest = useRef(onEvent);
  latest.current = onEvent;
  useEffect(() => watchApplications({ name }, (event) => latest.current(event), setState), [name]);
  return state;
}

const LABEL: Readonly<Record<StreamState, string>> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  closed: 'Live updates off (reload the page)',
};

export function LiveIndicator({ state }: { readonly state: StreamState }) {
  return (
    <span className={`live live-${state}`} title="Updates from the server as they happen">
      <span className="live-dot" aria-hidden="true" />
      {LABEL[state]}
    </span>
  );
}
