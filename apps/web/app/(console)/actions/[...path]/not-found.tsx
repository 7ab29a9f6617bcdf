import { EntityNotFound } from '@/components/shell/entity-not-found';

export default function NotFound() {
  return <EntityNotFound kind="action" />;
}
