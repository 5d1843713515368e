import { ConfigError } from '@keyroll/core';

/**
 * Secret Manager resource names. The API answers with the project *number* even when the request
 * named the project by id, so names are compared segment by segment and a project id never "differs"
 * from a project number (we cannot map one to the other without another API).
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
export function versionName(secret: string, version: string): string {
  if (VERSION_RE.test(version)) {
    const parent = VERSION_RE.exec(version)![1]!;
    if (!sameSecret(parent, secret)) {
      throw new ConfigError('foreign_version', `version ${version} does not belong to secret ${secret}`);
    }
    return version;
  }
  if (!/^[A-Za-z0-9_-]+$/.test(version)) {
    throw new ConfigError('invalid_version', `${JSON.stringify(version)} is not a secret version id`);
  }
  return `${secret}/versions/${version}`;
}

const isNumber = (s: string) => /^\d+$/.test(s);

function sameProject(a: string, b: string): boolean {
  return a === b || isNumber(a) !== isNumber(b);
}

export function sameSecret(a: string, b: string): boolean {
  const x = SECRET_RE.exec(a);
  const y = SECRET_RE.exec(b);
  if (!x || !y) return a === b;
  return sameProject(x[1]!, y[1]!) && x[2] === y[2] && x[3] === y[3];
}

export function sameVersion(a: string, b: string): boolean {
  const x = VERSION_RE.exec(a);
  const y = VERSION_RE.exec(b);
  if (!x || !y) return versionId(a) === versionId(b);
  return sameSecret(x[1]!, y[1]!) && x[2] === y[2];
}

/** Regional secrets are served by a regional endpoint only. */
export function regionalEndpoint(name: SecretName): string | undefined {
  return name.location ? `secretmanager.${name.location}.rep.googleapis.com` : undefined;
}
