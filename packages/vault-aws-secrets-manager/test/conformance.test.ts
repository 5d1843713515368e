import { describeVaultAdapterConformance } from '@keyroll/testkit';
import { isManagedTag, MANAGED_TAG, metadataFromTags, TAG_KEYS } from '../src/index.ts';
import { startAwsWorld } from './harness.ts';

describeVaultAdapterConformance('AWS Secrets Manager (real SDK v3, JSON-protocol fake)', async (initial) => {
  const world = await startAwsWorld();
  const name = 'prod/keyroll/prisma-sa';
  world.sm.seed(name, {
    value: initial.value,
    tags: {
      [MANAGED_TAG]: 'true',
      ...Object.fromEntries(
        Object.entries(initial.metadata).map(([k, v]) => [TAG_KEYS[k as keyof typeof TAG_KEYS], v as string]),
      ),
    },
  });
  return {
    adapter: world.open(name),
    open: () => world.open(name),
    async inspect() {
      const secret = world.sm.secret(name);
      return {
        value: world.sm.valueAt(name),
        metadata: metadataFromTags(secret.tags),
        managed: isManagedTag(secret.tags),
        // A version without staging labels is "deprecated": no consumer reading by label can get it.
        enabledVersions: secret.versions.filter((v) => v.stages.length > 0).map((v) => v.id),
      };
    },
    missing: () => world.open('prod/keyroll/does-not-exist'),
    cleanup: () => world.close(),
  };
});
