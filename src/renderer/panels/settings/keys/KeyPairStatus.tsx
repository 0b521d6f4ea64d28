import type { AlpacaKeyStatus } from '../../../../shared/ipc/services/secrets';

/** Whether the pair is there, where it comes from, and the key id's last 4 characters (never the secret). */
export function KeyPairStatus({ status }: { status: AlpacaKeyStatus }) {
  return (
    <div className="key-status" data-testid={`key-status-${status.mode}`} data-present={status.present}>
      {status.present ? (
        <>
          <span className="ok">● Present</span>
          <span>
            key id <code>…{status.keyIdLast4}</code>
          </span>
          <span className={status.source === 'file (unencrypted)' ? 'source warn' : 'source'}>from {status.source}</span>
          {status.environmentToo && <span className="muted">(environment variables also set; the saved pair is used)</span>}
        </>
      ) : (
        <span className="muted">○ No {status.mode} keys</span>
      )}
      {status.problem && <span className="bad">{status.problem}</span>}
    </div>
  );
}
