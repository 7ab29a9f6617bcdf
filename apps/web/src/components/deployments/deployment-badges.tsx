// A deployment's status and an entity change, as badges.
import { CHANGE_TONES, type DeploymentStatus, type EntityChange, isLive, STATUS_TONES } from './format';

export function DeploymentStatusBadge({ status }: { status: DeploymentStatus }) {
  return (
    <span className={`badge ${STATUS_TONES[status]}`} data-testid="deployment-status">
      {isLive(status) ? <span className="spin" style={{ width: 8, height: 8, borderWidth: 1.5 }} aria-hidden="true" /> : <span className="dot" />}
      {status}
    </span>
  );
}

export function ChangeBadge({ change }: { change: EntityChange['change'] }) {
  return <span className={`badge ${CHANGE_TONES[change]}`}>{change}</span>;
}
