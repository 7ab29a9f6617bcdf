'use client';
// What a deployment did to each entity of its project, each linked to its
// page (an action also to the version the deployment left).
import Link from 'next/link';
import { useState } from 'react';
import { ChangeBadge } from './deployment-badges';
import { actionVersionHref, changeHref, type EntityChange } from './format';

const ORDER: EntityChange['entity'][] = ['package', 'action', 'trigger', 'rule'];

export function ChangesTable({ changes }: { changes: EntityChange[] }) {
  const [showUnchanged, setShowUnchanged] = useState(false);
  const unchanged = changes.filter((change) => change.change === 'unchanged').length;
  const shown = changes
    .filter((change) => showUnchanged || change.change !== 'unchanged')
    .sort((a, b) => ORDER.indexOf(a.entity) - ORDER.indexOf(b.entity) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  return (
    <>
      {unchanged > 0 && (
        <div className="toolbar" style={{ padding: '8px 12px' }}>
          <label className="check">
            <input type="checkbox" checked={showUnchanged} onChange={(event) => setShowUnchanged(event.target.checked)} />
            Show {unchanged} unchanged
          </label>
        </div>
      )}
      {shown.length === 0 ? (
        <p className="hint" style={{ padding: '0 12px' }}>
          {changes.length === 0 ? 'Nothing was changed.' : 'Nothing changed: every entity was already as the project declares it.'}
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table" aria-label="Changes">
            <thead>
              <tr>
                <th>Entity</th>
                <th>Name</th>
                <th>Change</th>
                <th>Version</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((change) => {
                const href = changeHref(change);
                return (
                  <tr key={`${change.entity}:${change.name}`}>
                    <td className="subtle">{change.entity}</td>
                    <td>
                      {href ? (
                        <Link className="cell-link mono" href={href}>
                          {change.name}
                        </Link>
                      ) : (
                        <span className="mono">{change.name}</span>
                      )}
                    </td>
                    <td>
                      <ChangeBadge change={change.change} />
                    </td>
                    <td className="mono">
                      {!change.version ? (
                        <span className="faint">—</span>
                      ) : change.entity === 'action' && change.change !== 'deleted' ? (
                        <Link href={actionVersionHref(change.name, change.version)} aria-label={`${change.name} version ${change.version}`}>
                          {change.version}
                        </Link>
                      ) : (
                        change.version
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
