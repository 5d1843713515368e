/**
 * Deliveries shaped like the real ones (shared/reference/cloud-events-and-apis.md §A3/A4): PascalCase
 * data keys, the vault's ARM id as topic/source, EXP/NBF as numbers, strings or null.
 */
export const ARM_ID =
  '/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-secrets/providers/Microsoft.KeyVault/vaults/';

export interface EventFields {
  vault: string;
  secret: string;
  version: string;
  type?: string;
  exp?: number | string | null;
  nbf?: number | string | null;
  id?: string;
  host?: string;
}

function data(f: EventFields): Record<string, unknown> {
  return {
    Id: `https://${f.host ?? `${f.vault}.vault.azure.net`}/secrets/${f.secret}/${f.version}`,
    VaultName: f.vault,
    ObjectType: 'Secret',
    ObjectName: f.secret,
    Version: f.version,
    NBF: f.nbf === undefined ? 1735689600 : f.nbf,
    EXP: f.exp === undefined ? 1767225600 : f.exp,
  };
}

/** One Event Grid schema event (Event Grid POSTs these in an array). */
export function eventGridEvent(f: EventFields): Record<string, unknown> {
  return {
    id: f.id ?? '6f0c2d1e-5a7b-4c3d-9e8f-1a2b3c4d5e6f',
    topic: `${ARM_ID}${f.vault}`,
    subject: f.secret,
    eventType: f.type ?? 'Microsoft.KeyVault.SecretNearExpiry',
    eventTime: '2025-12-02T00:00:05.1234567Z',
    data: data(f),
    dataVersion: '1',
    metadataVersion: '1',
  };
}

/** The same event in the CloudEvents 1.0 schema. */
export function cloudEvent(f: EventFields): Record<string, unknown> {
  return {
    specversion: '1.0',
    id: f.id ?? '9a1b2c3d-0000-4000-8000-00000000abcd',
    source: `${ARM_ID}${f.vault}`,
    subject: f.secret,
    type: f.type ?? 'Microsoft.KeyVault.SecretNearExpiry',
    time: '2025-12-02T00:00:05.1234567Z',
    data: data(f),
  };
}
