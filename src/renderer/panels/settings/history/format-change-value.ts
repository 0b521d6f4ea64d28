/** A value of the change history as trading.yaml would spell it; `—` where the key did not exist. */
export function formatChangeValue(value: unknown): string {
  if (value === undefined) return '—';
  if (value === null) return 'null (off)';
  if (typeof value === 'string') return value;
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}
