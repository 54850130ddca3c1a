/**
 * Live updates: `GET /api/v1/stream/applications` is a server-sent event
 * stream of `ApplicationWatchEvent`s (an ADDED for every existing application
 * first). EventSource reconnects by itself after a network error; the session
 * cookie authenticates it (see client.ts).
 */
import type { ApplicationWatchEvent } from './types.js';

export type StreamState = 'connecting' | 'live' | 'reconnecting' | 'closed';

export function watchApplications(
  options: { readonly name?: string },
  onEvent: (event: ApplicationWatchEvent) => void,
  onState: (state: StreamState) => void,
): () => void {
  const query = options.name ? `?name=${encodeURIComponent(options.name)}` : '';
  const source = new EventSource(`/api/v1/stream/applications${query}`);
  onState('connecting');
  source.onopen = () => onState('live');
  source.onerror = () =>
    onState(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting');
  source.onmessage = (message: MessageEvent<string>) => {
    try {
      onEvent(JSON.parse(message.data) as ApplicationWatchEvent);
    } catch {
      // A malformed event is dropped; the next one carries the whole application again.
    }
  };
  return () => source.close();
}
