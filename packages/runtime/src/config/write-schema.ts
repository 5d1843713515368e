/** Regenerates packages/runtime/keyroll.schema.json: `pnpm exec tsx packages/runtime/src/config/write-schema.ts`. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as z from 'zod/mini';
import { fleetConfigSchema } from './schema.ts';

export const SCHEMA_FILE = fileURLToPath(new URL('../../keyroll.schema.json', import.meta.url));

/**
 * The JSON Schema for editors (input side: defaults are optional). Here, not beside the schema: zod's
 * JSON Schema generator would otherwise ride along in every bundle that validates keyroll.yaml.
 */
export function fleetJsonSchema(): Record<string, unknown> {
  return {
    ...(z.toJSONSchema(fleetConfigSchema, { io: 'input', target: 'draft-2020-12' }) as Record<
      string,
      unknown
    >),
    title: 'keyroll.yaml',
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(SCHEMA_FILE, `${JSON.stringify(fleetJsonSchema(), null, 2)}\n`);
  console.log(`wrote ${SCHEMA_FILE}`);
}
