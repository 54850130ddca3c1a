/** Kubernetes Events, newest first, warnings marked in words as well as colour. */
import type { EventView } from '../api/types.js';
import { formatTime, timeAgo } from '../lib/format.js';
import { EmptyState } from './states.js';

export function EventsList({ events }: { readonly events: readonly EventView[] }) {
  if (events.length === 0) return <EmptyState title="No events" />;
  const newestFirst = [...events].reverse();
  return (
    <div className="table-scroll">
      <table className="table table-compact">
        <thead>
          <tr>
            <th scope="col">Type</th>
            <th scope="col">Reason</th>
            <th scope="col">Object</th>
            <th scope="col">Message</th>
            <th scope="col">Count</th>
            <th scope="col">Last seen</th>
          </tr>
        </thead>
        <tbody>
          {newestFirst.map((event, i) => (
            <tr key={i} className={event.type === 'Warning' ? 'row-warning' : undefined}>
              <td>
                <span
                  className={`badge ${event.type === 'Warning' ? 'tone-warn' : 'tone-unknown'}`}
                >
                  {event.type}
                </span>
              </td>
              <td>{event.reason}</td>
              <td className="mono">
                {event.involvedObject.kind}/{event.involvedObject.name}
              </td>
              <td className="wrap">{event.message}</td>
              <td>{event.count}</td>
              <td title={formatTime(event.lastTimestamp ?? event.firstTimestamp)}>
                {timeAgo(event.lastTimestamp ?? event.firstTimestamp)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
