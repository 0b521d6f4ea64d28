/**
 * Bad input from outside (a file, a flag, a payload): says what is wrong, where, and what to do.
 * Hosts map it to a clear message (CLI exit code 2, IPC `invalid_payload`), never a stack trace.
 */
export interface InputLocation {
  readonly file?: string;
  readonly line?: number;
  readonly column?: string;
}

export class InputError extends Error {
  readonly location: InputLocation;
  readonly reason: string;

  constructor(reason: string, location: InputLocation = {}) {
    super(formatInputError(reason, location));
    this.name = 'InputError';
    this.reason = reason;
    this.location = location;
  }
}

export function formatInputError(reason: string, location: InputLocation): string {
  const where: string[] = [];
  if (location.file) where.push(location.file);
  if (location.line !== undefined) where.push(`line ${location.line}`);
  if (location.column) where.push(`column "${location.column}"`);
  return where.length > 0 ? `${where.join(', ')}: ${reason}` : reason;
}
