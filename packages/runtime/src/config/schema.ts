import { rotationPolicySchema } from '@keyroll/core';
import { z } from 'zod';

/**
 * keyroll.yaml, version 1 (docs/configuration.md). The JSON Schema editors use
 * (`packages/runtime/keyroll.schema.json`) is generated from this and a test keeps the two in step.
 * URIs are only checked for shape here; `loadFleetConfig` parses them with the vault URI grammar.
 */
const vaultUri = z
  .string()
  .min(1)
  .describe('a vault URI (docs/vault-uris.md), e.g. azure-keyvault://kv.vault.azure.net/prisma-ci');

const mode = z
  .enum(['self', 'admin'])
  .describe('self: the key rotates itself; admin: a separate admin key manages the service account keys');

/**
 * The rotation policy without `mode` (mode sits beside it), every field optional and without its default:
 * an account's policy overrides `defaults.policy` field by field, and core fills in the rest.
 */
const { mode: _mode, ...policyFields } = rotationPolicySchema.shape;
export const policySchema = z
  .object(
    Object.fromEntries(
      // core's fields are zod/mini schemas (core loads no classic zod); classic wraps them alike.
      Object.entries(policyFields).map(([k, field]) => [k, z.optional(field.def.innerType)]),
    ) as { [K in keyof typeof policyFields]: z.ZodOptional<(typeof policyFields)[K]['def']['innerType']> },
  )
  .strict();

export const accountSchema = z
  .object({
    name: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$/, 'letters, digits and . _ @ - (at most 128)')
      .describe('a unique label for this account in output and the state file'),
    serviceAccount: z
      .string()
      .min(1)
      .optional()
      .describe(
        'admin mode: the Prisma Cloud service account whose keys are rotated (default: from metadata)',
      ),
    mode: mode.optional(),
    policy: policySchema.optional(),
    adminKey: vaultUri
      .optional()
      .describe('admin mode: where the admin key lives (overrides defaults.adminKey)'),
    primary: vaultUri.describe(
      'where the key is read from; a github:// primary is a GitHub-only account (the Action rotates it, status reads its metadata)',
    ),
    mirrors: z
      .array(vaultUri)
      .default([])
      .describe('every other place that gets the new key (all or nothing)'),
  })
  .strict();

/** The name of an environment variable (webhook URLs are secrets: keyroll.yaml names where they are, never them). */
const envName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name')
  .describe('environment variable holding the URL (fill it from your secret store)');

export const notifySchema = z
  .object({
    onSuccess: z.boolean().optional().describe('also tell people about every successful rotation'),
    webhooks: z
      .array(
        z.object({ kind: z.enum(['json', 'slack', 'teams']).default('json'), urlFromEnv: envName }).strict(),
      )
      .optional()
      .describe('people: Slack, Teams (Workflows webhook), or JSON (the CloudEvent itself)'),
    events: z
      .array(z.object({ urlFromEnv: envName }).strict())
      .optional()
      .describe('consumers: endpoints that receive the keyroll.rotated CloudEvent to reload'),
  })
  .strict()
  .describe('who hears about rotations, besides KEYROLL_NOTIFY_WEBHOOKS / KEYROLL_EVENT_WEBHOOKS');

export const fleetConfigSchema = z
  .object({
    $schema: z.string().optional(),
    version: z.literal(1),
    defaults: z
      .object({
        mode: mode.optional(),
        policy: policySchema.optional(),
        adminKey: vaultUri.optional(),
      })
      .strict()
      .optional(),
    allowApiOrigins: z
      .array(z.string().min(1))
      .optional()
      .describe('API origins allowed besides https://*.prismacloud.io and *.prismacloud.cn'),
    fleet: z
      .object({
        concurrency: z
          .number()
          .int()
          .min(1)
          .max(128)
          .default(32)
          .describe(
            'most accounts rotated at once; in admin mode also at most twice the Prisma Cloud burst capacity',
          ),
        rateLimit: z
          .object({
            ratePerSecond: z.number().positive(),
            burst: z.number().int().min(1),
          })
          .strict()
          .optional()
          .describe(
            "Prisma Cloud's per-user limit if you know it (not published); otherwise learned from headers",
          ),
        github: z
          .object({
            writesPerHour: z.number().int().min(1).default(500),
            writesPerMinute: z.number().int().min(1).default(80),
          })
          .strict()
          .optional()
          .describe("GitHub's content-creation caps a run must fit in"),
        stateFile: z
          .string()
          .min(1)
          .optional()
          .describe(
            'where the last outcome per account is kept (default: .keyroll-state.json beside this file)',
          ),
      })
      .strict()
      .optional(),
    locks: z
      .object({
        azureBlob: z
          .object({
            account: z
              .string()
              .regex(/^[a-z0-9]{3,24}$/, 'a storage account name: 3-24 lower-case letters and digits')
              .optional()
              .describe('storage account of the lock blobs: https://<account>.blob.core.windows.net'),
            serviceUrl: z
              .url({ protocol: /^https$/ })
              .optional()
              .describe(
                'or its blob endpoint (sovereign clouds), https://<account>.blob.core.usgovcloudapi.net',
              ),
            container: z
              .string()
              .regex(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/, 'a blob container name')
              .optional()
              .describe('container of the lock blobs (default keyroll-locks)'),
          })
          .strict()
          .optional()
          .describe(
            'blob-lease lock for azure-keyvault:// primaries, across hosts (default: KEYROLL_LOCK_STORAGE_*, else a local lock file)',
          ),
      })
      .strict()
      .optional(),
    credentials: z
      .object({
        github: z
          .object({
            token: z
              .string()
              .min(1)
              .optional()
              .describe('vault URI of a secret holding a GitHub token (default: GITHUB_TOKEN / GH_TOKEN)'),
            app: z
              .object({
                appId: z
                  .union([z.number().int().positive(), z.string().regex(/^[A-Za-z0-9.]+$/)])
                  .describe("the App's id (or client id)"),
                privateKey: vaultUri.describe(
                  "vault URI of the secret holding the App's private key (PEM), e.g. azure-keyvault://kv-ops.vault.azure.net/github-app-key",
                ),
                installationId: z
                  .number()
                  .int()
                  .positive()
                  .optional()
                  .describe('default: looked up for each owner the mirrors name'),
              })
              .strict()
              .optional()
              .describe('a GitHub App: keyroll mints an installation token from its private key'),
            apiUrl: z.url().optional().describe('GitHub Enterprise Server: https://<host>/api/v3'),
          })
          .strict()
          .refine((g) => !(g.token && g.app), 'token and app are alternatives: name one')
          .optional(),
      })
      .strict()
      .optional(),
    notify: notifySchema.optional(),
    accounts: z.array(accountSchema).min(1),
  })
  .strict();

export type FleetConfigInput = z.input<typeof fleetConfigSchema>;
export type FleetConfigDocument = z.output<typeof fleetConfigSchema>;

/** The JSON Schema for editors (input side: defaults are optional). */
export function fleetJsonSchema(): Record<string, unknown> {
  return {
    ...(z.toJSONSchema(fleetConfigSchema, { io: 'input', target: 'draft-2020-12' }) as Record<
      string,
      unknown
    >),
    title: 'keyroll.yaml',
  };
}
