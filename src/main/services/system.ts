import type { Handlers } from '../ipc/router';
import type { ServiceContext } from './context';

export function systemHandlers(ctx: ServiceContext): Pick<Handlers, 'system.info' | 'system.ping'> {
  return {
    'system.info': () => ({
      name: 'Sextant' as const,
      version: ctx.version,
      host: ctx.host === 'electron' ? ('electron' as const) : ('web' as const),
      dataDir: ctx.dataDir,
      mode: ctx.settings.get<'paper' | 'live'>('trading.mode') === 'live' ? ('live' as const) : ('paper' as const),
      startedAt: ctx.startedAt,
    }),
    'system.ping': (input) => ({ sentAt: input.sentAt, receivedAt: Date.now() }),
  };
}
