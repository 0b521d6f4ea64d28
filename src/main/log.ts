/**
 * Main's logger. Every line passes through the redactor, so a secret that was registered (API
 * keys, tokens) can never reach stderr, the log file or a renderer.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogRecord {
  t: number;
  level: LogLevel;
  scope: string;
  message: string;
}

export interface Logger {
  debug(scope: string, message: string): void;
  info(scope: string, message: string): void;
  warn(scope: string, message: string): void;
  error(scope: string, message: string): void;
  /** Lines containing this value will show `[redacted]` instead. */
  registerSecret(value: string): void;
  redact(text: string): string;
  onRecord(listener: (record: LogRecord) => void): () => void;
}

const LEVEL_ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines are written; stderr by default so stdout stays clean for `--json`. */
  write?: (line: string) => void;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const threshold = LEVEL_ORDER[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const secrets = new Set<string>();
  const listeners = new Set<(record: LogRecord) => void>();

  const redact = (text: string): string => {
    let out = text;
    for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('[redacted]');
    return out;
  };

  const emit = (level: LogLevel, scope: string, message: string): void => {
    const record: LogRecord = { t: Date.now(), level, scope, message: redact(message) };
    for (const listener of listeners) listener(record);
    if (LEVEL_ORDER[level] < threshold) return;
    write(`${new Date(record.t).toISOString()} ${level.toUpperCase().padEnd(5)} [${scope}] ${record.message}`);
  };

  return {
    debug: (scope, message) => emit('debug', scope, message),
    info: (scope, message) => emit('info', scope, message),
    warn: (scope, message) => emit('warn', scope, message),
    error: (scope, message) => emit('error', scope, message),
    registerSecret: (value) => {
      if (value) secrets.add(value);
    },
    redact,
    onRecord: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** A logger that keeps nothing and prints nothing (for tests that don't look at logs). */
export function silentLogger(): Logger {
  return createLogger({ level: 'error', write: () => {} });
}
