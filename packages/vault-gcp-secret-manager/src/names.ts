import { ConfigError } from '@keyroll/core';

/**
 * Secret Manager resource names. The API answers with the project *number* even when the request
 * named the project by id, so a project id and a project number are the same project only when we know
 * both belong to one project (ProjectIdentity: from configuration, the metadata server, or the service's
 * own answer about a secret we named). Anything else is compared exactly: `projects/999` is not ours.
 */
export interface SecretName {
  project: string;
  location: string | undefined;
  secret: string;
}

const SECRET_RE = /^projects\/([^/]+)\/(?:locations\/([^/]+)\/)?secrets\/([^/]+)$/;
const VERSION_RE = /^(projects\/[^/]+\/(?:locations\/[^/]+\/)?secrets\/[^/]+)\/versions\/([^/]+)$/;
/** Finds a secret resource name inside a longer string such as an adapter id or a lock name. */
const EMBEDDED_SECRET_RE = /projects\/[^/\s|]+\/(?:locations\/[^/\s|]+\/)?secrets\/[^/\s|]+/;

export function parseSecretName(name: string, where = 'secret'): SecretName {
  const m = SECRET_RE.exec(name.trim());
  if (!m) {
    throw new ConfigError(
      'invalid_secret_name',
      `${where}: ${JSON.stringify(name)} is not a Secret Manager secret name; expected projects/<project>/secrets/<secret>`,
    );
  }
  return { project: m[1]!, location: m[2], secret: m[3]! };
}

export function findSecretName(text: string): string | undefined {
  return EMBEDDED_SECRET_RE.exec(text)?.[0];
}

/** The version part of a version name (`7`, `latest`), or the input when it is a bare id. */
export function versionId(version: string): string {
  return VERSION_RE.exec(version)?.[2] ?? version;
}

/** A full version name under `secret` for either a full name or a bare version id. */
export function versionName(secret: string, version: string, project?: ProjectIdentity): string {
  if (VERSION_RE.test(version)) {
    const parent = VERSION_RE.exec(version)![1]!;
    if (!sameSecret(parent, secret, project)) {
      throw new ConfigError('foreign_version', `version ${version} does not belong to secret ${secret}`);
    }
    return version;
  }
  if (!/^[A-Za-z0-9_-]+$/.test(version)) {
    throw new ConfigError('invalid_version', `${JSON.stringify(version)} is not a secret version id`);
  }
  return `${secret}/versions/${version}`;
}

/** One project's two names: its id (`acme-prod`) and its number (`123456789012`). */
export interface ProjectIdentity {
  id: string;
  number: string;
}

/** Exact, except that the id and the number of one known project name the same project. */
export function sameProject(a: string, b: string, project?: ProjectIdentity): boolean {
  if (a === b) return true;
  if (!project) return false;
  return (a === project.id && b === project.number) || (a === project.number && b === project.id);
}

export function sameSecret(a: string, b: string, project?: ProjectIdentity): boolean {
  const x = SECRET_RE.exec(a.trim());
  const y = SECRET_RE.exec(b.trim());
  if (!x || !y) return a === b;
  return sameProject(x[1]!, y[1]!, project) && x[2] === y[2] && x[3] === y[3];
}

export function sameVersion(a: string, b: string, project?: ProjectIdentity): boolean {
  const x = VERSION_RE.exec(a);
  const y = VERSION_RE.exec(b);
  if (!x || !y) return versionId(a) === versionId(b);
  return sameSecret(x[1]!, y[1]!, project) && x[2] === y[2];
}

/**
 * What the service's answer about a secret we named teaches: the secret it returned (with the project
 * number) is the one we asked for (maybe by project id), so that id and number are one project.
 */
export function learnProject(
  asked: string,
  answered: string | null | undefined,
): ProjectIdentity | undefined {
  if (!answered) return undefined;
  const a = SECRET_RE.exec(asked.trim());
  const b = SECRET_RE.exec(answered.trim());
  if (!a || !b || a[2] !== b[2] || a[3] !== b[3]) return undefined;
  const isNumber = (s: string) => /^\d+$/.test(s);
  if (isNumber(a[1]!) || !isNumber(b[1]!)) return undefined;
  return { id: a[1]!, number: b[1]! };
}

/** Regional secrets are served by a regional endpoint only. */
export function regionalEndpoint(name: SecretName): string | undefined {
  return name.location ? `secretmanager.${name.location}.rep.googleapis.com` : undefined;
}
