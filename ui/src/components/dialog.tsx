/**
 * A modal dialog on the native `<dialog>` element: `showModal()` makes the
 * rest of the page inert (focus stays inside), Escape closes it, and the
 * browser returns focus to the element that opened it.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { Icon } from './icon.js';

export interface DialogProps {
  readonly title: string;
  readonly onClose: () => void;
  readonly children: ReactNode;
  /** Buttons, right-aligned under the content. */
  readonly footer?: ReactNode;
  readonly wide?: boolean;
  /** Slide in from the right (resource details). */
  readonly drawer?: boolean;
}

/** Rendered open; unmount it to close. */
export function Dialog({ title, onClose, children, footer, wide, drawer }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    dialog.showModal();
    // Escape fires `cancel`: close through the parent's state, not natively.
    const cancel = (event: Event) => {
      event.preventDefault();
      onCloseRef.current();
    };
    dialog.addEventListener('cancel', cancel);
    return () => {
      dialog.removeEventListener('cancel', cancel);
      dialog.close();
    };
  }, []);
  const classes = ['dialog', wide && 'dialog-wide', drawer && 'dialog-drawer'].filter(Boolean);
  return (
    <dialog ref={ref} className={classes.join(' ')} aria-labelledby={titleId}>
      <header className="dialog-header">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="button-icon" onClick={onClose} aria-label="Close">
          <Icon name="close" />
        </button>
      </header>
      <div className="dialog-body">{children}</div>
      {footer && <footer className="dialog-footer">{footer}</footer>}
    </dialog>
  );
}
