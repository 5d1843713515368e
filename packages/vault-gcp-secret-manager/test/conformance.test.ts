import {
  describeVaultAdapterConformance,
  type SecretManagerFake,
  startSecretManagerFake,
} from '@keyroll/testkit';
import {
  applyMetadata,
  GcpSecretManagerAdapter,
  isManagedLabel,
  metadataFromAnnotations,
} from '../src/index.ts';

describeVaultAdapterConformance('GCP Secret Manager (real client, gRPC fake)', async (initial) => {
  const fake: SecretManagerFake = await startSecretManagerFake();
  const secret = 'projects/acme-prod/secrets/prisma-sa';
  fake.seed(secret, {
    value: initial.value,
    labels: { 'keyroll-managed': 'true' },
    annotations: applyMetadata({}, initial.metadata),
  });
  const adapters: GcpSecretManagerAdapter[] = [];
  const open = (name: string) => {
    const a = new GcpSecretManagerAdapter({ secret: name, clientOptions: fake.clientOptions });
    adapters.push(a);
    return a;
  };
  return {
    adapter: open(secret),
    open: () => open(secret),
    async inspect() {
      const stored = fake.secret(secret);
      return {
        value: fake.latestValue(secret),
        metadata: metadataFromAnnotations(stored.annotations),
        managed: isManagedLabel(stored.labels),
        enabledVersions: stored.versions
          .filter((v) => v.state === 'ENABLED')
          .map((v) => `${stored.name}/versions/${v.id}`),
      };
    },
    missing: () => open('projects/acme-prod/secrets/does-not-exist'),
    async cleanup() {
      await Promise.all(adapters.map((a) => a.close()));
      await fake.close();
    },
  };
});
