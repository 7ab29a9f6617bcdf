'use client';
// The Packages page: the namespace's packages and bindings (what a binding is
// bound to, whether a package is published, how many actions it holds), and
// the forms that create either.
import Link from 'next/link';
import { useState } from 'react';
import { Empty, ErrorBanner, Loading } from '@/components/ui/feedback';
import { IconLink, IconPlus } from '@/components/ui/icons';
import { formatDateTime, relativeTime } from '@/lib/format';
import { trpc } from '@/trpc/react';
import { packageHref } from './hrefs';
import { PackageCreateForm, type PackageFormMode } from './package-create-form';

export function PackagesList() {
  const packages = trpc.packages.list.useQuery();
  const [creating, setCreating] = useState<PackageFormMode | null>(null);
  const items = packages.data?.items ?? [];

  return (
    <div className="page">
      <div className="page-head">
        <h1>Packages</h1>
        {packages.data && <span className="count">{packages.data.total}</span>}
        <span className="grow" />
        <button type="button" className="btn" onClick={() => setCreating('binding')} disabled={creating === 'binding'}>
          <IconLink /> New binding
        </button>
        <button type="button" className="btn btn-primary" onClick={() => setCreating('package')} disabled={creating === 'package'}>
          <IconPlus /> New package
        </button>
      </div>
      {creating && <PackageCreateForm key={creating} mode={creating} onCancel={() => setCreating(null)} />}
      <div className="panel">
        <ErrorBanner error={packages.error} />
        {packages.isLoading ? (
          <Loading />
        ) : items.length === 0 ? (
          <Empty title="No packages yet">
            A package groups actions and gives them shared parameters; a binding reuses a package with parameters of its own.
          </Empty>
        ) : (
          <div className="table-wrap">
            <table className="table" aria-label="Packages">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Type</th>
                  <th>Bound to</th>
                  <th>Shared</th>
                  <th className="num">Actions</th>
                  <th>Version</th>
                  <th>Updated</th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => {
                  const binding = 'name' in item.binding ? item.binding : undefined;
                  return (
                    <tr key={item.name}>
                      <td>
                        <Link className="cell-link mono" href={packageHref(item.name)}>
                          {item.name}
                        </Link>
                      </td>
                      <td>{binding ? <span className="badge info">binding</span> : <span className="badge">package</span>}</td>
                      <td className="mono">{binding ? `/${binding.namespace}/${binding.name}` : <span className="faint">—</span>}</td>
                      <td>
                        {binding ? (
                          <span className="faint">—</span>
                        ) : item.publish ? (
                          <span className="badge ok">published</span>
                        ) : (
                          <span className="subtle">private</span>
                        )}
                      </td>
                      <td className="num">
                        {item.actionCount ?? (
                          <span className="faint" title="The bound package is gone or no longer shared">
                            —
                          </span>
                        )}
                      </td>
                      <td className="mono">{item.version}</td>
                      <td className="subtle" title={formatDateTime(item.updated)}>
                        {relativeTime(item.updated)}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {packages.data && packages.data.total > items.length && (
              <div className="pager">
                Showing the first {items.length} of {packages.data.total}.
              </div>
            )}
          </div>
        )}
      </div>
    </div>
  );
}
