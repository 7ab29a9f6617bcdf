import path from 'node:path';
import { defineConfig } from 'prisma/config';

// Paths are resolved from this file so the CLI works from any directory.
const here = import.meta.dirname;

export default defineConfig({
  schema: path.join(here, 'schema.prisma'),
  migrations: { path: path.join(here, 'migrations') },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/brisk' },
});
