/** Source of client order ids. Alpaca refuses a reused id, so they must never collide. */
export interface ClientOrderIds {
  next(): string;
}

/**
 * `bt-1`, `bt-2`, …: deterministic, so two runs of the same backtest produce the same ids
 * (and the same journal).
 */
export function sequentialOrderIds(prefix = 'bt'): ClientOrderIds {
  let n = 0;
  return { next: () => `${prefix}-${++n}` };
}

/**
 * Live ids: `sx-<session>-<n>`. The session part is the start time in base 36 plus random
 * characters, so two sessions (a restart, a second machine) never produce the same id, and an id
 * stays short (Alpaca accepted 48 characters historically).
 */
export function sessionOrderIds(sessionId: string): ClientOrderIds {
  let n = 0;
  return { next: () => `sx-${sessionId}-${(++n).toString(36)}` };
}

/** A session id from the start time and a source of randomness (crypto.getRandomValues in main). */
export function newSessionId(now: number, randomBytes: (count: number) => Uint8Array): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz';
  let random = '';
  for (const byte of randomBytes(6)) random += alphabet[byte % 36];
  return `${Math.floor(now).toString(36)}${random}`;
}

/** Client ids of a bracket's legs follow from the entry's, so a restart finds them again. */
export function legClientOrderId(parentId: string, role: 'take_profit' | 'stop_loss'): string {
  return `${parentId}-${role === 'take_profit' ? 'tp' : 'sl'}`;
}
