export * from './api-client.ts';
export * from './brisk-instance.ts';
export * from './database.ts';
export * from './redis.ts';
export * from './git-server.ts';
export * from './github-webhook.ts';
export * from './recording-server.ts';
