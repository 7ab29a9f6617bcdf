'use client';
// Settings of the signed-in namespace: its limits and its API keys.
import { useNamespace } from '@/components/shell/namespace-context';
import { KeysPanel } from './keys-panel';
import { LimitsPanel } from './limits-panel';

export function SettingsPage() {
  const namespace = useNamespace();
  return (
    <div className="page">
      <div className="page-head">
        <h1>Settings</h1>
        <span className="subtle">namespace {namespace}</span>
      </div>
      <LimitsPanel />
      <KeysPanel />
    </div>
  );
}
