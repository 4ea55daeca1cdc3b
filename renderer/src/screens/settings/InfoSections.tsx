import { useApp } from '../../state/context';
import { KeysCard } from './KeysCard';

export function AdvancedSection() {
  const info = useApp((s) => s.info);
  return (
    <>
      <h2>Advanced</h2>
      <p className="lead">Technical details, for when you need to check how Yakker connects.</p>
      <div className="card">
        <div className="field">
          <span className="field-label">Running in</span>
          <span className="mono">
            {info?.host === 'web'
              ? 'Browser (web bridge)'
              : info?.host === 'electron'
                ? 'Desktop app'
                : info?.host}
          </span>
        </div>
        <div className="field">
          <span className="field-label">Platform</span>
          <span className="mono">{info?.platform}</span>
        </div>
        <div className="field">
          <div className="field-text">
            <span className="field-label">DNSSEC trust anchors</span>
            <span className="field-help">The keys every directory answer is checked against.</span>
          </div>
          <span className="mono">IANA root KSK 20326, 38696</span>
        </div>
      </div>
      <KeysCard />
    </>
  );
}

export function AboutSection() {
  const info = useApp((s) => s.info);
  return (
    <>
      <h2>About Yakker</h2>
      <p className="lead">
        Free, end-to-end encrypted calls and messages on open standards: SIP, ENUM, DNSSEC and
        certificates published in DNS. Nobody owns the network.
      </p>
      <div className="card">
        <div className="field">
          <span className="field-label">Version</span>
          <span className="mono">{info?.version}</span>
        </div>
        <div className="field">
          <span className="field-label">License</span>
          <span>GNU GPL 3.0 or later</span>
        </div>
      </div>
    </>
  );
}
