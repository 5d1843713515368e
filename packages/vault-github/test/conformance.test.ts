import { describeVaultAdapterConformance } from '@keyroll/testkit';
import { type GitHubScope, GitHubSecretsAdapter, type SecretLayout } from '../src/index.ts';
import {
  apiUrlOf,
  envScope,
  fastClient,
  inspect,
  orgScope,
  repoScope,
  seed,
  startFakeGitHub,
} from './harness.ts';

const cases: Array<[string, GitHubScope, SecretLayout]> = [
  ['repository secret, json', repoScope, { format: 'json', name: 'PRISMA_CLOUD' }],
  ['environment secret, json', envScope, { format: 'json', name: 'PRISMA_CLOUD' }],
  ['organization secret (selected), json', orgScope, { format: 'json', name: 'PRISMA_CLOUD' }],
  ['repository secret, checkov', repoScope, { format: 'checkov', name: 'BC_API_KEY' }],
  [
    'repository secrets, pair',
    repoScope,
    { format: 'pair', accessKeyIdName: 'PRISMA_ACCESS_KEY_ID', secretKeyName: 'PRISMA_SECRET_KEY' },
  ],
  [
    'organization secrets (all), pair',
    { kind: 'organization', org: 'acme', visibility: 'all' },
    { format: 'pair', accessKeyIdName: 'PRISMA_ACCESS_KEY_ID', secretKeyName: 'PRISMA_SECRET_KEY' },
  ],
];

for (const [name, scope, layout] of cases) {
  describeVaultAdapterConformance(`GitHub ${name}`, async (initial) => {
    const fake = await startFakeGitHub();
    const octokit = fastClient(fake);
    seed(fake, scope, layout, initial.value, initial.metadata);
    const apiUrl = apiUrlOf(initial.value);
    return {
      // The Action passes the current value from `${{ secrets.X }}`; the adapter cannot read it back.
      adapter: new GitHubSecretsAdapter({ octokit, scope, layout, currentValue: initial.value }),
      // A new run gets what the secret holds now, as the workflow passes it.
      open: () =>
        new GitHubSecretsAdapter({
          octokit,
          scope,
          layout,
          currentValue: inspect(fake, scope, layout, apiUrl).value!,
        }),
      inspect: async () => inspect(fake, scope, layout, apiUrl),
      missing: () =>
        new GitHubSecretsAdapter({
          octokit,
          scope,
          layout:
            layout.format === 'pair'
              ? { format: 'pair', accessKeyIdName: 'NOPE_ID', secretKeyName: 'NOPE_KEY' }
              : { format: layout.format, name: 'NO_SUCH_SECRET' },
          currentValue: initial.value,
        }),
      cleanup: () => fake.close(),
    };
  });
}
