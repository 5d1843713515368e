/** Regenerates packages/runtime/keyroll.schema.json: `pnpm exec tsx packages/runtime/src/config/write-schema.ts`. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fleetJsonSchema } from './schema.ts';

export const SCHEMA_FILE = fileURLToPath(new URL('../../keyroll.schema.json', import.meta.url));

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(SCHEMA_FILE, `${JSON.stringify(fleetJsonSchema(), null, 2)}\n`);
  console.log(`wrote ${SCHEMA_FILE}`);
}
