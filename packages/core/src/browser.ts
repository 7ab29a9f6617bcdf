// The part of @brisk/core the console's client components may import: limits,
// names, kinds and the schemas forms validate with, all free of Node, Prisma
// and Redis. apps/web/src/browser-bundle.test.ts keeps it (and every client
// component) that way.
export * from './entity-name-schema.ts';
export * from './entity-schemas.ts';
export * from './kinds.ts';
export * from './limits.ts';
export * from './names.ts';
export * from './test-payload-schema.ts';
export * from './environment/env-rules.ts';
