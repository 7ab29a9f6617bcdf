import type { Metadata } from 'next';
import { RulesList } from '@/components/rules/rules-list';

export const metadata: Metadata = { title: 'Rules' };

/** `?trigger=name` opens the new-rule form for that trigger (the trigger page links here). */
export default async function RulesPage({ searchParams }: { searchParams: Promise<{ trigger?: string | string[] }> }) {
  const { trigger } = await searchParams;
  return <RulesList presetTrigger={typeof trigger === 'string' ? trigger : undefined} />;
}
