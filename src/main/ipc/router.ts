import { IpcError } from '../../shared/ipc/errors';
import type { InvokeResult } from '../../shared/ipc/wire';
import { isRequestName, requests, type RequestName, type RequestOutput, type RequestParsed } from '../../shared/ipc/contract';
import type { Logger } from '../log';

/** Who is calling: a window of the Electron host or a socket of the web host. */
export interface CallContext {
  readonly host: 'electron' | 'web' | 'cli' | 'test';
  readonly connectionId: string;
}

export type Handler<K extends RequestName> = (input: RequestParsed<K>, ctx: CallContext) => Promise<RequestOutput<K>> | RequestOutput<K>;
export type Handlers = { [K in RequestName]: Handler<K> };

export interface RouterOptions {
  /** Check every response against the contract too (tests turn this on). */
  readonly validateOutputs?: boolean;
}

/**
 * Validates each request against the contract before a handler sees it and turns every failure
 * into a typed error. Nothing a renderer sends can throw out of `dispatch`.
 */
export class Router {
  private readonly handlers = new Map<string, (input: unknown, ctx: CallContext) => unknown>();

  constructor(private readonly log: Logger, private readonly options: RouterOptions = {}) {}

  register(handlers: Partial<Handlers>): void {
    for (const [name, handler] of Object.entries(handlers)) {
      if (!isRequestName(name)) throw new Error(`Router: "${name}" is not a request of the IPC contract`);
      if (this.handlers.has(name)) throw new Error(`Router: "${name}" already has a handler`);
      this.handlers.set(name, handler as (input: unknown, ctx: CallContext) => unknown);
    }
  }

  /** Request names of the contract that no service handles yet. */
  unhandled(): RequestName[] {
    return (Object.keys(requests) as RequestName[]).filter((name) => !this.handlers.has(name));
  }

  async dispatch(name: string, rawInput: unknown, ctx: CallContext): Promise<InvokeResult> {
    if (!isRequestName(name)) {
      this.log.warn('ipc', `refused unknown request "${String(name).slice(0, 80)}" from ${ctx.host}:${ctx.connectionId}`);
      return { ok: false, error: { code: 'unknown_request', message: `Unknown request "${String(name).slice(0, 80)}".` } };
    }
    const spec = requests[name];
    const parsed = spec.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
      const summary = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
      this.log.warn('ipc', `invalid payload for ${name} from ${ctx.host}:${ctx.connectionId}: ${summary}`);
      return { ok: false, error: { code: 'invalid_payload', message: `Invalid payload for ${name}: ${summary}`, details: issues } };
    }
    const handler = this.handlers.get(name);
    if (!handler) {
      return { ok: false, error: { code: 'unavailable', message: `${name} is not served by this host.` } };
    }
    try {
      const value = await handler(parsed.data, ctx);
      if (this.options.validateOutputs) {
        const checked = spec.output.safeParse(value);
        if (!checked.success) {
          const summary = checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
          this.log.error('ipc', `handler of ${name} answered outside the contract: ${summary}`);
          return { ok: false, error: { code: 'internal', message: `${name} produced an invalid response: ${summary}` } };
        }
      }
      return { ok: true, value };
    } catch (error) {
      if (error instanceof IpcError) return { ok: false, error: error.toShape() };
      const message = error instanceof Error ? error.message : String(error);
      this.log.error('ipc', `${name} failed: ${message}`);
      return { ok: false, error: { code: 'internal', message: `${name} failed: ${message}` } };
    }
  }
}
