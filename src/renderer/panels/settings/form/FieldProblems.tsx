/** A field's problems, under it, naming the key as trading.yaml spells it. */
export function FieldProblems({ field, messages }: { field: string; messages: readonly string[] }) {
  if (messages.length === 0) return null;
  return (
    <ul className="field-problems" role="alert" data-testid={`problem-${field}`}>
      {messages.map((message, index) => (
        <li key={index}>
          <code>{field}</code>: {message}
        </li>
      ))}
    </ul>
  );
}
