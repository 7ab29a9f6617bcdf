import path from 'node:path';
import type { NextConfig } from 'next';

const config: NextConfig = {
  // The monorepo root, so workspace packages and runtimes/manifest.json resolve.
  turbopack: { root: path.resolve(import.meta.dirname, '../..') },
  transpilePackages: ['@brisk/core', '@brisk/db'],
  // Node-only libraries with native or dynamic requires stay out of the bundle.
  serverExternalPackages: ['bullmq', 'ioredis', 'pg', '@prisma/adapter-pg', '@prisma/client', 'prom-client'],
  // `npm test` type-checks the whole repo once; the build need not do it again.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
};

export default config;
