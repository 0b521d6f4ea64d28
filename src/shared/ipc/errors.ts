import { z } from 'zod';

/** Every failure that crosses the IPC boundary is one of these, never a thrown stack trace. */
export const IpcErrorCode = z.enum([
  'invalid_payload', // the input did not match the contract's schema
  'unknown_request', // no such request name
  'not_found',
  'conflict',
  'rejected', // refused by a rule (risk, state) with a reason
  'unavailable', // a dependency (broker, stream, worker) is down
  'unauthorized',
  'internal',
]);
export type IpcErrorCode = z.infer<typeof IpcErrorCode>;

export const IpcErrorShape = z.object({
  code: IpcErrorCode,
  message: z.string(),
  details: z.unknown().optional(),
});
export type IpcErrorShape = z.infer<typeof IpcErrorShape>;

/** Thrown by services to answer with a specific code; anything else becomes `internal`. */
export class IpcError extends Error {
  readonly code: IpcErrorCode;
  readonly details: unknown;
  constructor(code: IpcErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'IpcError';
    this.code = code;
    this.details = details;
  }
  toShape(): IpcErrorShape {
    return this.details === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, details: this.details };
  }
}
