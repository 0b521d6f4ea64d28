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
