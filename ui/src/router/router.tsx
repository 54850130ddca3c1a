/**
 * A tiny History API router: the URL is the state (path and query), pages
 * read it with {@link useLocation} and change it with {@link navigate} or a
 * {@link Link}. No dependency: the app has a handful of flat routes.
 */
import { useMemo, useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

const CHANGE = 'keelson:navigate';

function subscribe(listener: () => void): () => void {
  window.addEventListener('popstate', listener);
  window.addEventListener(CHANGE, listener);
  return () => {
    window.removeEventListener('popstate', listener);
    window.removeEventListener(CHANGE, listener);
  };
}

const snapshot = () => `${location.pathname}${location.search}`;

export interface Location {
  readonly pathname: string;
  readonly search: URLSearchParams;
  /** Path and query, e.g. for `return_url`. */
  readonly href: string;
}

/** The current location; re-renders the caller when it changes. */
export function useLocation(): Location {
  const href = useSyncExternalStore(subscribe, snapshot);
  // One object per URL, so effects may depend on it without looping.
  return useMemo(() => {
    const url = new URL(href, 'http://ui.invalid');
    return { pathname: url.pathname, search: url.searchParams, href };
  }, [href]);
}

/** Goes to `to` (a path with optional query); `replace` keeps the history length (filters). */
export function navigate(to: string, options: { readonly replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  window.dispatchEvent(new Event(CHANGE));
  if (!options.replace) window.scrollTo(0, 0);
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { readonly to: string };

/** An `<a>` that navigates without reloading; modified clicks (new tab…) stay native. */
export function Link({ to, onClick, ...rest }: LinkProps) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    ) {
      return;
    }
    event.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={handle} {...rest} />;
}
