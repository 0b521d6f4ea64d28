/**
 * One trading service per broker account and data folder at a time. Two (the app and a CLI run, or
 * two app instances) would each keep their own order book against the same journal and the same
 * broker account, and one's orders would look foreign to the other. The lease is a row renewed
 * every few seconds; a holder whose process is gone, or that stopped renewing, is replaced.
 */
import type { Db } from '../storage/database';

export class LeaseHeldError extends Error {
  constructor(account: string, owner: string) {
    super(`the ${account} trading account of this data folder is in use by another Sextant process (${owner}); stop it first, or use another --data-dir`);
    this.name = 'LeaseHeldError';
  }
}

const RENEW_MS = 5_000;
const STALE_MS = 20_000;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class TradingLease {
  private timer: ReturnType<typeof setInterval> | null = null;
  private released = false;

  private constructor(
    private readonly db: Db,
    readonly account: string,
    readonly owner: string,
    private readonly now: () => number,
  ) {}

  static acquire(db: Db, account: string, owner: string, now: () => number = Date.now): TradingLease {
    db.transaction(() => {
      const held = db.prepare('SELECT owner, pid, heartbeat_at AS heartbeatAt FROM trading_leases WHERE account = ?').get(account) as
        | { owner: string; pid: number; heartbeatAt: number }
        | undefined;
      const t = now();
      if (held && held.owner !== owner && t - held.heartbeatAt < STALE_MS && processAlive(held.pid) && held.pid !== process.pid) {
        throw new LeaseHeldError(account, held.owner);
      }
      db.prepare(
        'INSERT INTO trading_leases (account, owner, pid, acquired_at, heartbeat_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (account) DO UPDATE SET owner = excluded.owner, pid = excluded.pid, acquired_at = excluded.acquired_at, heartbeat_at = excluded.heartbeat_at',
      ).run(account, owner, process.pid, t, t);
    })();
    const lease = new TradingLease(db, account, owner, now);
    lease.timer = setInterval(() => lease.renew(), RENEW_MS);
    lease.timer.unref?.();
    return lease;
  }

  renew(): void {
    if (this.released) return;
    this.db.prepare('UPDATE trading_leases SET heartbeat_at = ? WHERE account = ? AND owner = ?').run(this.now(), this.account, this.owner);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    if (this.timer) clearInterval(this.timer);
    this.db.prepare('DELETE FROM trading_leases WHERE account = ? AND owner = ?').run(this.account, this.owner);
  }
}
