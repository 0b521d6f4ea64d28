import { z } from 'zod';
import { event, request } from '../define';

export const HostKind = z.enum(['electron', 'web']);
export type HostKind = z.infer<typeof HostKind>;

export const AppInfo = z.object({
  name: z.literal('Sextant'),
  version: z.string(),
  host: HostKind,
  dataDir: z.string(),
  mode: z.enum(['paper', 'live']),
  startedAt: z.number(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const LogEntry = z.object({
  t: z.number(),
  level: z.enum(['debug', 'info', 'warn', 'error']),
  scope: z.string(),
  message: z.string(),
});
export type LogEntry = z.infer<typeof LogEntry>;

export const systemRequests = {
  'system.info': request(z.object({}).strict(), AppInfo),
  'system.ping': request(z.object({ sentAt: z.number() }).strict(), z.object({ sentAt: z.number(), receivedAt: z.number() })),
};

export const systemEvents = {
  'system.log': event(LogEntry),
};
