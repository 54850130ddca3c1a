/**
 * Light and dark themes: the system's choice (`prefers-color-scheme`) unless
 * the user picks one with the toggle, which is remembered in localStorage.
 */
import { useState } from 'react';
import { Icon } from './icon.js';

export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'keelson.theme';

export function storedTheme(): ThemeChoice {
  try {
    const value = localStorage.getItem(KEY);
    return value === 'light' || value === 'dark' ? value : 'system';
  } catch {
    return 'system';
  }
}

/** Sets `data-theme` on <html>; the stylesheet's variables follow it. */
export function applyTheme(choice: ThemeChoice): void {
  if (choice === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = choice;
}

const NEXT: Readonly<Record<ThemeChoice, ThemeChoice>> = {
  system: 'light',
  light: 'dark',
  dark: 'system',
};

export function ThemeToggle() {
  const [choice, setChoice] = useState(storedTheme);
  const change = () => {
    const next = NEXT[choice];
    try {
      if (next === 'system') localStorage.removeItem(KEY);
      else localStorage.setItem(KEY, next);
    } catch {
      // not remembered, still applied
    }
    applyTheme(next);
    setChoice(next);
  };
  return (
    <button
      type="button"
      className="button-icon"
      onClick={change}
      aria-label={`Theme: ${choice}. Switch to ${NEXT[choice]}`}
      title={`Theme: ${choice} (click for ${NEXT[choice]})`}
    >
      <Icon name={choice === 'dark' ? 'moon' : 'sun'} />
      <span className="theme-choice">{choice}</span>
    </button>
  );
}
