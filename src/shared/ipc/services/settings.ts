import { z } from 'zod';
import { request } from '../define';

/** Preferences the UI may read and write; secrets never travel here. */
export const settingsRequests = {
  'settings.get': request(z.object({ key: z.string().min(1).max(128) }).strict(), z.object({ key: z.string(), value: z.unknown().nullable() })),
  'settings.set': request(z.object({ key: z.string().min(1).max(128), value: z.unknown() }).strict(), z.object({ key: z.string(), value: z.unknown() })),
};
