import { useRef } from 'react';
import type { TradingConfigState } from '../../../../shared/ipc/services/trading-config';
import { CopyButton } from '../../../shell/CopyButton';
import { ProblemList } from './ProblemList';

/**
 * trading.yaml as it is on disk now, read-only, with every problem shown at its line. Edits are
 * made in the user's editor (or through the forms) and appear here as soon as they are saved.
 */
export function RawConfigSection({ state }: { state: TradingConfigState }) {
  const code = useRef<HTMLOListElement>(null);
  const lines = state.raw === '' ? [] : state.raw.replace(/\n$/, '').split('\n');
  const byLine = new Map<number, string[]>();
  for (const problem of state.problems) {
    if (problem.line !== null) byLine.set(problem.line, [...(byLine.get(problem.line) ?? []), problem.key ? `${problem.key}: ${problem.message}` : problem.message]);
  }
  const showLine = (line: number) => code.current?.querySelector(`[data-line="${line}"]`)?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  return (
    <section className="settings-section" data-testid="raw-config" aria-label="trading.yaml">
      <div className="file-header">
        <code className="file-path" title={state.file}>
          {state.file}
        </code>
        <CopyButton text={state.file} label="Copy path" />
        <span className={state.problems.length > 0 ? 'file-state bad' : 'file-state ok'} data-testid="raw-config-state">
          {state.problems.length > 0 ? `${state.problems.length} problem${state.problems.length === 1 ? '' : 's'}: running with the last good configuration` : 'In force'}
        </span>
      </div>
      <ProblemList problems={state.problems} onShowLine={showLine} />
      <p className="section-note">Read-only here: edit the file in your editor. A saved edit applies at once; a file with errors is refused as a whole and the settings in force stay.</p>
      {lines.length === 0 ? (
        <p className="bad">The file is missing or empty.</p>
      ) : (
        <ol className="yaml-view" ref={code} data-testid="raw-config-text">
          {lines.map((text, index) => {
            const line = index + 1;
            const problems = byLine.get(line);
            return (
              <li key={line} data-line={line} className={problems ? 'yaml-line has-problem' : 'yaml-line'}>
                <span className="yaml-number" aria-hidden>
                  {line}
                </span>
                <code className={text.trimStart().startsWith('#') ? 'yaml-text yaml-comment' : 'yaml-text'}>{text || ' '}</code>
                {problems?.map((message, i) => (
                  <span key={i} className="yaml-problem" role="note">
                    ▲ {message}
                  </span>
                ))}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
