/** Short notices after an action ("Sync requested"), announced politely to screen readers. */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { Icon } from './icon.js';

type Tone = 'ok' | 'bad';
interface Toast {
  readonly id: number;
  readonly message: string;
  readonly tone: Tone;
}

const ToastContext = createContext<(message: string, tone?: Tone) => void>(() => {});

/** `notify(message, 'ok' | 'bad')`. */
export function useNotify() {
  return useContext(ToastContext);
}

const VISIBLE_MS = 6000;
let nextId = 1;

export function ToastProvider({ children }: { readonly children: ReactNode }) {
  const [toasts, setToasts] = useState<readonly Toast[]>([]);
  const dismiss = useCallback(
    (id: number) => setToasts((all) => all.filter((t) => t.id !== id)),
    [],
  );
  const notify = useCallback(
    (message: string, tone: Tone = 'ok') => {
      const id = nextId++;
      setToasts((all) => [...all.slice(-3), { id, message, tone }]);
      // Errors stay until dismissed: the user may need to read them twice.
      if (tone === 'ok') window.setTimeout(() => dismiss(id), VISIBLE_MS);
    },
    [dismiss],
  );
  const value = useMemo(() => notify, [notify]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div className="toasts" aria-live="polite" role="status">
        {toasts.map((toast) => (
          <div key={toast.id} className={`toast tone-${toast.tone}`}>
            <Icon name={toast.tone === 'ok' ? 'check' : 'cross'} />
            <span>{toast.message}</span>
            <button
              type="button"
              className="button-icon"
              aria-label="Dismiss"
              onClick={() => dismiss(toast.id)}
            >
              <Icon name="close" />
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}
