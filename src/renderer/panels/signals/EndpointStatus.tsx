import { useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useIpc } from '../../ipc/context';
import { queryKeys } from '../../queries/keys';
import { useSignalEndpoint } from '../../queries/signals';
import { CopyButton } from '../../shell/CopyButton';
import { openPanel } from '../../shell/open-panel';
import { curlExample } from './curl-example';

const STATE_LABEL = { off: 'Off', listening: 'Listening', error: 'Error', unavailable: 'Not available here' } as const;

/** The local signal endpoint: off, listening (where), or why not; and how to call it. */
export function EndpointStatus() {
  const client = useIpc();
  const queryClient = useQueryClient();
  const { data: view, error } = useSignalEndpoint();
  const fetchToken = async () => {
    const { token } = await client.invoke('signals.endpointToken', {});
    // The first copy makes the token: show its last characters from now on.
    if (!view?.tokenLast4) void queryClient.invalidateQueries({ queryKey: queryKeys.signalEndpoint });
    return token;
  };
  const example = useMemo(() => (view ? curlExample(view, Date.now()) : ''), [view]);
  if (error) return <div className="panel-error">Could not read the signal endpoint’s status: {error.message}</div>;
  if (!view) return null;
  return (
    <section className={`endpoint-status endpoint-${view.state}`} data-testid="signal-endpoint" data-state={view.state} aria-label="Signal endpoint">
      <div className="endpoint-line">
        <span className={`endpoint-state state-${view.state}`}>● {STATE_LABEL[view.state]}</span>
        <span>
          {view.state === 'listening' ? (
            <>
              <code>{view.url}</code> and <code>{view.streamUrl}</code>
            </>
          ) : view.state === 'off' ? (
            <>The local endpoint is off (port {view.port} when on).</>
          ) : (
            <span className={view.state === 'error' ? 'bad' : 'warn'}>{view.error}</span>
          )}
        </span>
        <span className="topbar-spacer" />
        <button type="button" className="link" onClick={() => openPanel('trading-settings', { section: 'execution' })}>
          {view.enabled ? 'Endpoint settings' : 'Turn it on'}
        </button>
      </div>
      <div className="endpoint-line">
        <span className="muted">Token</span>
        <code className="masked-token" data-testid="endpoint-token" title="The endpoint's token, masked">
          {view.tokenLast4 ? `••••••••••••••••${view.tokenLast4}` : 'not made yet (copying makes one)'}
        </code>
        <CopyButton text={fetchToken} label="Copy token" title="Copy your local endpoint token" testId="copy-token" />
        {view.tokenFile && (
          <span className="muted token-file" title={view.tokenFile}>
            kept in <code>{view.tokenFile}</code>
          </span>
        )}
      </div>
      <details className="endpoint-howto" open={view.state === 'listening'}>
        <summary>How to send a signal</summary>
        <div className="curl-example">
          <pre data-testid="curl-example">{example}</pre>
          <CopyButton text={example} label="Copy curl" testId="copy-curl" />
        </div>
      </details>
    </section>
  );
}
