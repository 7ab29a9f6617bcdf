// Generates the Prisma client. Prisma's CLI insists on a schema-engine binary
// even for `generate`, which never runs it; on machines where the binary
// cannot be downloaded we point it at any existing file (see DESIGN.md).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const env = { ...process.env };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY && !hasSchemaEngine()) {
  env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;
}
const result = spawnSync(path.join(root, 'node_modules/.bin/prisma'), ['generate', '--config', path.join(root, 'prisma/prisma.config.ts')], {
  cwd: root,
  env,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);

function hasSchemaEngine(): boolean {
  const engines = path.join(root, 'node_modules/@prisma/engines');
  return ['schema-engine-debian-openssl-3.0.x', 'schema-engine-linux-musl-openssl-3.0.x'].some((name) => existsSync(path.join(engines, name)));
}
