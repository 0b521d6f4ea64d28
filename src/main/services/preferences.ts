import { IpcError } from '../../shared/ipc/errors';
import { defaultLayout, mergeGeometry } from '../../shared/layout/layout-ops';
import type { Handlers } from '../ipc/router';
import type { ServiceContext } from './context';

/** Keys the UI may not write through settings.set: they have their own guarded requests. */
const PROTECTED_PREFIXES = ['trading.mode', 'secrets.', 'broker.'];

export function preferenceHandlers(ctx: ServiceContext): Pick<Handlers, 'settings.get' | 'settings.set' | 'layout.get' | 'layout.save'> {
  return {
    'settings.get': ({ key }) => ({ key, value: ctx.settings.get(key) }),
    'settings.set': ({ key, value }) => {
      if (PROTECTED_PREFIXES.some((prefix) => key.startsWith(prefix))) {
        throw new IpcError('rejected', `The setting "${key}" cannot be changed here; use its own control.`);
      }
      ctx.settings.set(key, value);
      return { key, value };
    },
    'layout.get': ({ name }) => ctx.layouts.get(name) ?? (name === 'default' ? defaultLayout() : null),
    'layout.save': (layout) => {
      const merged = mergeGeometry(layout, ctx.layouts.get(layout.name));
      ctx.layouts.save(merged);
      ctx.hub.publish('layout.changed', merged);
      return { saved: true as const };
    },
  };
}
