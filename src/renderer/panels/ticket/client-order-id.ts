/** A client order id chosen by the ticket (Alpaca: up to 48 of letters, digits and . _ : -): `tk-<time>-<random>`. */
export function newTicketOrderId(now = Date.now(), randomBytes: (count: number) => ArrayLike<number> = (count) => crypto.getRandomValues(new Uint8Array(count))): string {
  const tail = Array.from(randomBytes(6), (b) => b.toString(36).padStart(2, '0')).join('');
  return `tk-${now.toString(36)}-${tail}`;
}
