import { rotationPolicySchema } from '@keyroll/core';
import * as z from 'zod/mini';

/**
 * keyroll.yaml, version 1 (docs/configuration.md). The JSON Schema editors use
 * (`packages/runtime/keyroll.schema.json`) is generated from this and a test keeps the two in step.
 * URIs are only checked for shape here; `loadFleetConfig` parses them with the vault URI grammar.
 *
 * zod/mini, like core's policy: `rotate --all` is a one-shot process with a memory budget, and classic
 * zod's whole API (≈570 KiB of code, built on load) cost the fleet run about 9 MiB of its peak RSS.
 */
const text = (description: string) => z.describe(description);
const nonEmpty = () => z.string().check(z.minLength(1));
const whole = (min: number, max?: number) =>
  z.int().check(z.minimum(min), ...(max === undefined ? [] : [z.maximum(max)]));

const vaultUri = nonEmpty().check(
  text('a vault URI (docs/vault-uris.md), e.g. azure-keyvault://kv.vault.azure.net/prisma-ci'),
);

const mode = z
  .enum(['self', 'admin'])
  .check(text('self: the key rotates itself; admin: a separate admin key manages the service account keys'));

/**
 * The rotation policy without `mode` (mode sits beside it), every field optional and without its default:
 * an account's policy overrides `defaults.policy` field by field, and core fills in the rest.
 */
const { mode: _mode, ...policyFields } = rotationPolicySchema.shape;
export const policySchema = z.strictObject(
  Object.fromEntries(
    Object.entries(policyFields).map(([k, field]) => [k, z.optional(field.def.innerType)]),
  ) as { [K in keyof typeof policyFields]: z.ZodMiniOptional<(typeof policyFields)[K]['def']['innerType']> },
);

export const accountSchema = z.strictObject({
  name: z
    .string()
    .check(
      z.regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$/, 'letters, digits and . _ @ - (at most 128)'),
      text('a unique label for this account in output and the state file'),
    ),
  serviceAccount: z
    .optional(nonEmpty())
    .check(
      text('admin mode: the Prisma Cloud service account whose keys are rotated (default: from metadata)'),
    ),
  mode: z.optional(mode),
  policy: z.optional(policySchema),
  adminKey: z
    .optional(vaultUri)
    .check(text('admin mode: where the admin key lives (overrides defaults.adminKey)')),
  primary: vaultUri.check(
    text(
      'where the key is read from; a github:// primary is a GitHub-only account (the Action rotates it, status reads its metadata)',
    ),
  ),
  mirrors: z
    ._default(z.array(vaultUri), [])
    .check(text('every other place that gets the new key (all or nothing)')),
});

/** The name of an environment variable (webhook URLs are secrets: keyroll.yaml names where they are, never them). */
const envName = z
  .string()
  .check(
    z.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name'),
    text('environment variable holding the URL (fill it from your secret store)'),
  );

export const notifySchema = z
  .strictObject({
    onSuccess: z.optional(z.boolean()).check(text('also tell people about every successful rotation')),
    webhooks: z
      .optional(
        z.array(
          z.strictObject({
            kind: z._default(z.enum(['json', 'slack', 'teams']), 'json'),
            urlFromEnv: envName,
          }),
        ),
      )
      .check(text('people: Slack, Teams (Workflows webhook), or JSON (the CloudEvent itself)')),
    events: z
      .optional(z.array(z.strictObject({ urlFromEnv: envName })))
      .check(text('consumers: endpoints that receive the keyroll.rotated CloudEvent to reload')),
  })
  .check(text('who hears about rotations, besides KEYROLL_NOTIFY_WEBHOOKS / KEYROLL_EVENT_WEBHOOKS'));

export const fleetConfigSchema = z.strictObject({
  $schema: z.optional(z.string()),
  version: z.literal(1),
  defaults: z.optional(
    z.strictObject({
      mode: z.optional(mode),
      policy: z.optional(policySchema),
      adminKey: z.optional(vaultUri),
    }),
  ),
  allowApiOrigins: z
    .optional(z.array(nonEmpty()))
    .check(text('API origins allowed besides https://*.prismacloud.io and *.prismacloud.cn')),
  fleet: z.optional(
    z.strictObject({
      concurrency: z
        ._default(whole(1, 128), 32)
        .check(
          text(
            'most accounts rotated at once; in admin mode also at most twice the Prisma Cloud burst capacity',
          ),
        ),
      rateLimit: z
        .optional(
          z.strictObject({
            ratePerSecond: z.number().check(z.positive()),
            burst: whole(1),
          }),
        )
        .check(
          text(
            "Prisma Cloud's per-user limit if you know it (not published); otherwise learned from headers",
          ),
        ),
      github: z
        .optional(
          z.strictObject({
            writesPerHour: z._default(whole(1), 500),
            writesPerMinute: z._default(whole(1), 80),
          }),
        )
        .check(text("GitHub's content-creation caps a run must fit in")),
      stateFile: z
        .optional(nonEmpty())
        .check(
          text('where the last outcome per account is kept (default: .keyroll-state.json beside this file)'),
        ),
    }),
  ),
  locks: z.optional(
    z.strictObject({
      azureBlob: z
        .optional(
          z.strictObject({
            account: z
              .optional(
                z
                  .string()
                  .check(
                    z.regex(/^[a-z0-9]{3,24}$/, 'a storage account name: 3-24 lower-case letters and digits'),
                  ),
              )
              .check(text('storage account of the lock blobs: https://<account>.blob.core.windows.net')),
            serviceUrl: z
              .optional(z.url({ protocol: /^https$/ }))
              .check(
                text(
                  'or its blob endpoint (sovereign clouds), https://<account>.blob.core.usgovcloudapi.net',
                ),
              ),
            container: z
              .optional(
                z
                  .string()
                  .check(z.regex(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/, 'a blob container name')),
              )
              .check(text('container of the lock blobs (default keyroll-locks)')),
          }),
        )
        .check(
          text(
            'blob-lease lock for azure-keyvault:// primaries, across hosts (default: KEYROLL_LOCK_STORAGE_*, else a local lock file)',
          ),
        ),
    }),
  ),
  credentials: z.optional(
    z.strictObject({
      github: z.optional(
        z
          .strictObject({
            token: z
              .optional(nonEmpty())
              .check(text('vault URI of a secret holding a GitHub token (default: GITHUB_TOKEN / GH_TOKEN)')),
            app: z
              .optional(
                z.strictObject({
                  appId: z
                    .union([z.int().check(z.positive()), z.string().check(z.regex(/^[A-Za-z0-9.]+$/))])
                    .check(text("the App's id (or client id)")),
                  privateKey: vaultUri.check(
                    text(
                      "vault URI of the secret holding the App's private key (PEM), e.g. azure-keyvault://kv-ops.vault.azure.net/github-app-key",
                    ),
                  ),
                  installationId: z
                    .optional(z.int().check(z.positive()))
                    .check(text('default: looked up for each owner the mirrors name')),
                }),
              )
              .check(text('a GitHub App: keyroll mints an installation token from its private key')),
            apiUrl: z.optional(z.url()).check(text('GitHub Enterprise Server: https://<host>/api/v3')),
          })
          .check(z.refine((g) => !(g.token && g.app), 'token and app are alternatives: name one')),
      ),
    }),
  ),
  notify: z.optional(notifySchema),
  accounts: z.array(accountSchema).check(z.minLength(1)),
});

export type FleetConfigInput = z.input<typeof fleetConfigSchema>;
export type FleetConfigDocument = z.output<typeof fleetConfigSchema>;
