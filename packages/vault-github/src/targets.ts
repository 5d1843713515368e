import { ConfigError } from '@keyroll/core';
import {
  assertScope,
  assertSecretName,
  type GitHubScope,
  type OrgVisibility,
  type OutputFormat,
  type SecretLayout,
} from './scope.ts';

/**
 * The target grammar used by the Action's `targets` input (one target per line; blank lines and lines
 * starting with `#` are ignored):
 *
 *   repo:<owner>/<repo>:<SECRETS>
 *   env:<owner>/<repo>:<environment>:<SECRETS>
 *   org:<org>:<SECRETS>[:<all|private|selected>[:<repo id>,<repo id>...]]
 *
 * An organization target without a visibility leaves the secret's visibility and repository list as they
 * are. With one, keyroll sets that visibility; with `selected` it adds the listed repository ids to the
 * secret's list and never removes others (granted in the UI, by Terraform, by another team).
 *
 * `<SECRETS>` is one secret name for the `json` and `checkov` formats, and two comma-separated names
 * (access key id, then secret key) for `pair`. Environment names may not contain `:`.
 */
export interface TargetSpec {
  scope: GitHubScope;
  layout: SecretLayout;
}

export function parseTargets(text: string, format: OutputFormat): TargetSpec[] {
  const specs: TargetSpec[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const spec = parseTarget(line, format, `targets line ${index + 1}`);
    const key = formatTarget(spec).toLowerCase();
    if (seen.has(key))
      throw new ConfigError('invalid_target', `targets line ${index + 1}: duplicate target ${line}`);
    seen.add(key);
    specs.push(spec);
  });
  if (specs.length === 0) throw new ConfigError('invalid_target', 'targets: no target given');
  return specs;
}

export function parseTarget(line: string, format: OutputFormat, where = 'target'): TargetSpec {
  const parts = line.split(':');
  const kind = parts[0];
  const fail = (why: string): never => {
    throw new ConfigError(
      'invalid_target',
      `${where}: ${why}; expected repo:<owner>/<repo>:<SECRET>, env:<owner>/<repo>:<environment>:<SECRET> ` +
        'or org:<org>:<SECRET>[:<all|private|selected>[:<repo ids>]]',
    );
  };
  const ownerRepo = (text: string | undefined) => {
    const m = /^([^/]+)\/([^/]+)$/.exec(text ?? '');
    if (!m) return fail(`${JSON.stringify(text ?? '')} is not <owner>/<repo>`);
    return { owner: m[1]!, repo: m[2]! };
  };
  let scope: GitHubScope;
  let secrets: string | undefined;
  if (kind === 'repo') {
    if (parts.length !== 3) fail('a repository target has three fields');
    scope = { kind: 'repository', ...ownerRepo(parts[1]) };
    secrets = parts[2];
  } else if (kind === 'env') {
    if (parts.length !== 4) fail('an environment target has four fields');
    scope = { kind: 'environment', ...ownerRepo(parts[1]), environment: parts[2]! };
    secrets = parts[3];
  } else if (kind === 'org') {
    if (parts.length < 3 || parts.length > 5) fail('an organization target has three to five fields');
    const visibility = parts[3] as OrgVisibility | undefined;
    if (visibility !== undefined && !['all', 'private', 'selected'].includes(visibility))
      fail(`visibility ${JSON.stringify(parts[3])} is not all, private or selected`);
    const ids = parts[4]
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s) => (/^\d+$/.test(s) ? Number(s) : fail(`repository id ${JSON.stringify(s)} is not a number`)));
    scope = {
      kind: 'organization',
      org: parts[1]!,
      ...(visibility ? { visibility } : {}),
      ...(ids && ids.length > 0 ? { selectedRepositoryIds: ids } : {}),
    };
    secrets = parts[2];
  } else {
    return fail(`unknown target kind ${JSON.stringify(kind)}`);
  }
  assertScope(scope, where);
  const names = (secrets ?? '').split(',').map((s) => s.trim());
  let layout: SecretLayout;
  if (format === 'pair') {
    if (names.length !== 2)
      fail('the pair format needs two secret names: <ACCESS_KEY_ID_NAME>,<SECRET_KEY_NAME>');
    layout = { format: 'pair', accessKeyIdName: names[0]!, secretKeyName: names[1]! };
    if (names[0]!.toUpperCase() === names[1]!.toUpperCase())
      fail('the two secret names of a pair must differ');
  } else {
    if (names.length !== 1) fail(`the ${format} format takes one secret name`);
    layout = { format, name: names[0]! };
  }
  for (const name of names) assertSecretName(name, where);
  return { scope, layout };
}

/** The canonical text of a target (the inverse of parseTarget); also the adapter's id after `github:`. */
export function formatTarget(spec: TargetSpec): string {
  const names =
    spec.layout.format === 'pair'
      ? `${spec.layout.accessKeyIdName},${spec.layout.secretKeyName}`
      : spec.layout.name;
  const s = spec.scope;
  switch (s.kind) {
    case 'repository':
      return `repo:${s.owner}/${s.repo}:${names}`;
    case 'environment':
      return `env:${s.owner}/${s.repo}:${s.environment}:${names}`;
    case 'organization':
      return `org:${s.org}:${names}${s.visibility ? `:${s.visibility}` : ''}${s.selectedRepositoryIds?.length ? `:${s.selectedRepositoryIds.join(',')}` : ''}`;
  }
}
