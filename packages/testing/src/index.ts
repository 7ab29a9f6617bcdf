export * from './api-client.ts';
export * from './brisk-instance.ts';
export * from './database.ts';
export * from './redis.ts';
