// OpenWhisk's `whisk-managed` annotation: which project an entity belongs to.
// A deploy touches only the entities its project manages, and deletes those
// the project no longer declares.
import type { KeyValue } from '../../entity-schemas.ts';

export const MANAGED_KEY = 'whisk-managed';

export interface ManagedBy {
  projectName: string;
  /** A hash of the project as deployed when this entity last changed. */
  projectHash: string;
  /** The manifest the entity was declared in. */
  file: string;
  /** Brisk's deployment that last wrote the entity. */
  deployment: string;
}

export function managedBy(annotations: unknown): ManagedBy | undefined {
  if (!Array.isArray(annotations)) return undefined;
  const entry = (annotations as KeyValue[]).find((annotation) => annotation?.key === MANAGED_KEY);
  const value = entry?.value as Partial<ManagedBy> | undefined;
  return typeof value?.projectName === 'string' ? (value as ManagedBy) : undefined;
}

export function withoutManaged(annotations: unknown): KeyValue[] {
  return Array.isArray(annotations) ? (annotations as KeyValue[]).filter((annotation) => annotation?.key !== MANAGED_KEY) : [];
}

export function withManaged(annotations: KeyValue[], managed: ManagedBy): KeyValue[] {
  return [...withoutManaged(annotations), { key: MANAGED_KEY, value: { ...managed } }];
}

/** A Prisma JSON filter matching rows whose annotations say `projectName` manages them. */
export function managedByFilter(projectName: string) {
  return { array_contains: [{ key: MANAGED_KEY, value: { projectName } }] };
}
