/** A text field whose value is applied when the user pauses typing (or leaves the field). */
import { useEffect, useRef, useState, type Ref } from 'react';

const PAUSE_MS = 350;

export function DebouncedInput({
  label,
  value,
  placeholder,
  onCommit,
  inputRef,
  type = 'text',
  hint,
}: {
  readonly label: string;
  readonly value: string;
  readonly placeholder?: string;
  readonly onCommit: (value: string) => void;
  readonly inputRef?: Ref<HTMLInputElement>;
  readonly type?: 'text' | 'search';
  /** Shown after the label, e.g. a keyboard shortcut. */
  readonly hint?: string;
}) {
  const [draft, setDraft] = useState(value);
  const commit = useRef(onCommit);
  commit.current = onCommit;
  useEffect(() => setDraft(value), [value]);
  useEffect(() => {
    if (draft === value) return;
    const timer = window.setTimeout(() => commit.current(draft), PAUSE_MS);
    return () => window.clearTimeout(timer);
  }, [draft, value]);
  return (
    <label className="field">
      <span>
        {label}
        {hint && <kbd className="hint">{hint}</kbd>}
      </span>
      <input
        ref={inputRef}
        type={type}
        value={draft}
        placeholder={placeholder}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={() => draft !== value && commit.current(draft)}
        onKeyDown={(e) => e.key === 'Enter' && draft !== value && commit.current(draft)}
      />
    </label>
  );
}
