export * from './admin-deps.ts';
export * from './admin-token.ts';
export * from './key-admin.ts';
export * from './limits-admin.ts';
export * from './namespace-admin.ts';
export * from './namespace-changes.ts';
