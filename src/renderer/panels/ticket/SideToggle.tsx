/** Buy or sell, big and coloured (B and S choose them from the keyboard). */
export function SideToggle({ side, onChange }: { side: 'buy' | 'sell'; onChange: (side: 'buy' | 'sell') => void }) {
  return (
    <div className="side-toggle" role="radiogroup" aria-label="Side">
      {(['buy', 'sell'] as const).map((value) => (
        <button
          key={value}
          type="button"
          role="radio"
          aria-checked={side === value}
          className={`side-option side-${value}${side === value ? ' selected' : ''}`}
          data-testid={`ticket-side-${value}`}
          title={value === 'buy' ? 'Buy (B)' : 'Sell (S)'}
          onClick={() => onChange(value)}
        >
          {value === 'buy' ? 'Buy' : 'Sell'}
          <kbd>{value === 'buy' ? 'B' : 'S'}</kbd>
        </button>
      ))}
    </div>
  );
}
