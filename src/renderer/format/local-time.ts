const dateTime = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
const timeOnly = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });

/** A moment in this computer's time zone: the time alone today, with the date otherwise. */
export function formatLocalTime(t: number, now = Date.now()): string {
  const sameDay = new Date(t).toDateString() === new Date(now).toDateString();
  return sameDay ? timeOnly.format(t) : dateTime.format(t);
}

/** Full date and time with seconds, for tooltips. */
export function formatLocalDateTime(t: number): string {
  return dateTime.format(t);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * A blotter's time, short and fixed-width in this computer's zone: `14:03:27` today, else
 * `2019-09-05 14:03` (replayed fills carry the replayed time).
 */
export function formatBlotterTime(t: number, now = Date.now()): string {
  const d = new Date(t);
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  if (d.toDateString() === new Date(now).toDateString()) return `${time}:${pad(d.getSeconds())}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}`;
}
