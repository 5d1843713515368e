import { ConfigError, KeyrollError } from '@keyroll/core';
import type { ProjectIdentity } from '@keyroll/vault-gcp-secret-manager';

/**
 * The function's own project: its id and its number. Secret Manager notifications name secrets by
 * number, configuration usually by id; only these two are taken as the same project, and a secret in any
 * other project is not ours. Taken from configuration when both are set (Terraform passes them),
 * otherwise from the metadata server every Cloud Run function has (the same host Application Default
 * Credentials use: GCE_METADATA_HOST, else metadata.google.internal).
 */
export async function metadataProject(
  env: NodeJS.ProcessEnv = process.env,
  timeoutMs = 3_000,
): Promise<ProjectIdentity> {
  const host = env.GCE_METADATA_HOST?.trim() || env.GCE_METADATA_IP?.trim() || 'metadata.google.internal';
  const get = async (path: string) => {
    const url = `http://${host}/computeMetadata/v1/project/${path}`;
    let res: Response;
    try {
      res = await fetch(url, {
        headers: { 'Metadata-Flavor': 'Google' },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw unreachable(`the metadata server (${host}) did not answer`, err);
    }
    // The real server stamps this header on every answer; without it this is not the metadata server.
    if (!res.ok || res.headers.get('metadata-flavor') !== 'Google') {
      throw unreachable(`the metadata server (${host}) answered ${res.status} for project/${path}`);
    }
    return (await res.text()).trim();
  };
  const [id, number] = await Promise.all([get('project-id'), get('numeric-project-id')]);
  return checkedProject(id, number, `the metadata server (${host})`);
}

/** A project id and number as Google defines them; anything else is refused at start. */
export function checkedProject(id: string, number: string, source: string): ProjectIdentity {
  // Project ids: 6-30 lower-case letters, digits and hyphens (legacy domain-scoped ids have `domain:`).
  if (!/^([a-z][a-z0-9.-]*:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(id)) {
    throw unknownProject(`${source} gave a project id that is not one: ${JSON.stringify(id.slice(0, 40))}`);
  }
  if (!/^\d{1,20}$/.test(number)) {
    throw unknownProject(
      `${source} gave a project number that is not one: ${JSON.stringify(number.slice(0, 40))}`,
    );
  }
  return { id, number };
}

/** Transient: the delivery fails and is retried (the outcome table's `unexpected`), nothing was touched. */
function unreachable(why: string, cause?: unknown): KeyrollError {
  return new KeyrollError(
    'project_unknown',
    `cannot tell which project this function runs in (${why}); set KEYROLL_PROJECT_ID and KEYROLL_PROJECT_NUMBER`,
    { category: 'unavailable', cause },
  );
}

function unknownProject(why: string, cause?: unknown): ConfigError {
  return new ConfigError(
    'project_unknown',
    `cannot tell which project this function runs in (${why}); set KEYROLL_PROJECT_ID and KEYROLL_PROJECT_NUMBER`,
    cause,
  );
}
