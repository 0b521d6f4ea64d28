import { useEffect, useState } from 'react';
import { copyText } from './clipboard';

export interface CopyButtonProps {
  /** The text to copy, or a function that fetches it when clicked (a token asked of main). */
  readonly text: string | (() => Promise<string>);
  readonly label?: string;
  readonly title?: string;
  readonly testId?: string;
}

/** A small button that copies and says whether it worked. */
export function CopyButton({ text, label = 'Copy', title, testId }: CopyButtonProps) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = window.setTimeout(() => setState('idle'), 2000);
    return () => window.clearTimeout(timer);
  }, [state]);
  const copy = async () => {
    try {
      const value = typeof text === 'string' ? text : await text();
      setState((await copyText(value)) ? 'copied' : 'failed');
    } catch {
      setState('failed');
    }
  };
  return (
    <button type="button" className="copy-button" title={title ?? 'Copy to the clipboard'} data-testid={testId} data-state={state} onClick={() => void copy()}>
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : label}
    </button>
  );
}
