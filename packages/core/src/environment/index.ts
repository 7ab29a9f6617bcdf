export * from './env-rules.ts';
export * from './env-seal.ts';
export * from './env-service.ts';
