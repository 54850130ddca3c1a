/**
 * Structured logging: one JSON object per line on stderr, so logs are both
 * readable and machine-parsable. Library code takes a `Logger`; only the
 * edges (CLI, demo) decide where lines go. Never log secrets: callers pass
 * messages that were already redacted.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type LogFields = Readonly<Record<string, string | number | boolean | undefined>>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const RANK: Readonly<Record<LogLevel, number>> = { debug: 0, info: 1, warn: 2, error: 3 };

/** A logger writing JSON lines at or above `level` to `write` (default: stderr). */
export function jsonLogger(
  level: LogLevel = 'info',
  write: (line: string) => void = (line) => void process.stderr.write(line),
): Logger {
  const log =
    (at: LogLevel) =>
    (message: string, fields?: LogFields): void => {
      if (RANK[at] < RANK[level]) return;
      write(
        `${JSON.stringify({ time: new Date().toISOString(), level: at, msg: message, ...fields })}\n`,
      );
    };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/** A logger that drops everything (tests, library defaults). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
