import { InvalidArgumentError } from 'commander';
import { styleText } from 'node:util';

/** `--color`: always, never, or only when writing to a terminal and `NO_COLOR` is unset. */
export type ColorMode = 'auto' | 'always' | 'never';

/** Commander argument parser for `--color`. */
export function parseColorMode(value: string): ColorMode {
  if (value === 'auto' || value === 'always' || value === 'never') return value;
  throw new InvalidArgumentError('expected auto, always or never');
}

/**
 * Whether to colour output written to `stream`. `auto` follows the
 * no-color.org convention: colour only on a terminal and only when
 * `NO_COLOR` is unset or empty.
 */
export function shouldColor(
  mode: ColorMode,
  stream: { readonly isTTY?: boolean },
  env: NodeJS.ProcessEnv,
): boolean {
  if (mode !== 'auto') return mode === 'always';
  return stream.isTTY === true && !env.NO_COLOR;
}

/** Text styles the CLI uses; a no-op painter returns the text unchanged. */
export type Style = 'red' | 'green' | 'yellow' | 'cyan' | 'bold' | 'dim';

export type Painter = (style: Style, text: string) => string;

/**
 * A painter that colours with `node:util` styleText when `enabled`.
 * `validateStream: false` because the decision is ours ({@link shouldColor}),
 * also for `--color always` into a pipe.
 */
export function painter(enabled: boolean): Painter {
  if (!enabled) return (_style, text) => text;
  return (style, text) => styleText(style, text, { validateStream: false });
}

/**
 * Colours a unified diff line by line: additions green, removals red, hunk
 * headers cyan, file headers bold. Other lines stay as they are.
 */
export function colorUnifiedDiff(diff: string, paint: Painter): string {
  return diff
    .split('\n')
    .map((line) => {
      if (line.startsWith('+++') || line.startsWith('---')) return paint('bold', line);
      if (line.startsWith('+')) return paint('green', line);
      if (line.startsWith('-')) return paint('red', line);
      if (line.startsWith('@@')) return paint('cyan', line);
      return line;
    })
    .join('\n');
}
