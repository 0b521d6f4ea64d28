/**
 * Which offline paper account trading uses in a data folder. A reset opens a new account (new books,
 * the starting cash asked for) rather than wiping the old one: its orders, fills and history stay
 * in the journal under its own id, and nothing of it (positions, a day's loss count) carries over.
 */
import type { Db } from '../../storage/database';
import { SettingsStore } from '../../storage/settings';

const KEY = 'trading.paper.account';
export const FIRST_PAPER_ACCOUNT = 'paper';

export function currentPaperAccount(db: Db): string {
  return new SettingsStore(db).get<string>(KEY) ?? FIRST_PAPER_ACCOUNT;
}

/** Makes a never-used account id current (`paper-2`, `paper-3`...) and returns it. */
export function openNewPaperAccount(db: Db): string {
  const used = new Set(db.prepare('SELECT account FROM paper_broker_state').pluck(true).all() as string[]);
  used.add(currentPaperAccount(db));
  let n = 2;
  while (used.has(`${FIRST_PAPER_ACCOUNT}-${n}`)) n++;
  const account = `${FIRST_PAPER_ACCOUNT}-${n}`;
  new SettingsStore(db).set(KEY, account);
  return account;
}
