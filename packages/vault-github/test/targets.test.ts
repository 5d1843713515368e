import { describe, expect, it } from 'vitest';
import { formatTarget, metadataVariableName, parseTarget, parseTargets } from '../src/index.ts';

describe('target grammar', () => {
  it('parses repository, environment and organization targets and formats them back', () => {
    const text = [
      '# the API repositories',
      'repo:acme/api:PRISMA_CLOUD',
      '',
      'env:acme/web:production:PRISMA_CLOUD',
      'org:acme:PRISMA_CLOUD:selected:1296269,1296270',
      'org:acme-labs:PRISMA_CLOUD:private',
      'org:acme-ops:PRISMA_CLOUD',
      'org:acme-dev:PRISMA_CLOUD:selected',
    ].join('\n');
    const specs = parseTargets(text, 'json');
    expect(specs.map((s) => s.scope)).toEqual([
      { kind: 'repository', owner: 'acme', repo: 'api' },
      { kind: 'environment', owner: 'acme', repo: 'web', environment: 'production' },
      {
        kind: 'organization',
        org: 'acme',
        visibility: 'selected',
        selectedRepositoryIds: [1296269, 1296270],
      },
      { kind: 'organization', org: 'acme-labs', visibility: 'private' },
      // No visibility: access is left as it is. `selected` without ids: set selected, add nothing.
      { kind: 'organization', org: 'acme-ops' },
      { kind: 'organization', org: 'acme-dev', visibility: 'selected' },
    ]);
    expect(specs.map(formatTarget)).toEqual(text.split('\n').filter((l) => l && !l.startsWith('#')));
  });

  it('takes two names for the pair format and names the metadata variable after the first', () => {
    const spec = parseTarget('repo:acme/api:PRISMA_ACCESS_KEY_ID,PRISMA_SECRET_KEY', 'pair');
    expect(spec.layout).toEqual({
      format: 'pair',
      accessKeyIdName: 'PRISMA_ACCESS_KEY_ID',
      secretKeyName: 'PRISMA_SECRET_KEY',
    });
    expect(metadataVariableName(spec.layout)).toBe('PRISMA_ACCESS_KEY_ID_KEYROLL');
    expect(metadataVariableName('prisma_cloud')).toBe('PRISMA_CLOUD_KEYROLL');
  });

  it.each([
    ['repo:acme:PRISMA', 'json', /owner>\/<repo/],
    ['repo:acme/api', 'json', /three fields/],
    ['vault:acme/api:X', 'json', /unknown target kind/],
    ['repo:acme/api:GITHUB_TOKEN', 'json', /GITHUB_ prefix/],
    ['repo:acme/api:1ABC', 'json', /not a valid GitHub secret name/],
    ['repo:acme/api:A,B', 'json', /takes one secret name/],
    ['repo:acme/api:A', 'pair', /two secret names/],
    ['repo:acme/api:A,a', 'pair', /must differ/],
    ['org:acme:X:public', 'json', /visibility "public"/],
    ['org:acme:X:', 'json', /visibility ""/],
    ['org:acme', 'json', /three to five fields/],
    ['org:acme:X:all:12', 'json', /only allowed with visibility "selected"/],
    ['org:acme:X:selected:12,abc', 'json', /"abc" is not a number/],
  ] as const)('rejects %s (%s)', (line, format, message) => {
    expect(() => parseTarget(line, format)).toThrow(message);
  });

  it('rejects duplicates and an empty list, naming the line', () => {
    expect(() => parseTargets('repo:acme/api:X\nrepo:ACME/api:x', 'json')).toThrow(/line 2: duplicate/);
    expect(() => parseTargets('# nothing\n', 'json')).toThrow(/no target/);
  });
});
