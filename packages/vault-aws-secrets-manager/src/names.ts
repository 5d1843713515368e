import { ConfigError } from '@keyroll/core';

/**
 * A secret is named in configuration either by its name (which may contain `/`) or by its ARN. The
 * identity the service answers with is compared exactly with what was configured, so a look-alike
 * secret (another name that a partial match would accept) is never used.
 */
export interface SecretId {
  /** What to send as SecretId: the configured text. */
  id: string;
  kind: 'name' | 'arn';
  /** Region named by an ARN, used when the client has no region of its own. */
  region: string | undefined;
}

const ARN_RE =
  /^arn:aws(?:-cn|-us-gov|-iso|-iso-b)?:secretsmanager:([a-z0-9-]+):(\d{12}):secret:([A-Za-z0-9/_+=.@-]+)$/;
const NAME_RE = /^[A-Za-z0-9/_+=.@-]{1,512}$/;

export function parseSecretId(text: string, where = 'secret'): SecretId {
  const id = text.trim();
  const arn = ARN_RE.exec(id);
  if (arn) return { id, kind: 'arn', region: arn[1] };
  if (id.startsWith('arn:')) {
    throw new ConfigError(
      'invalid_secret_id',
      `${where}: ${JSON.stringify(text)} is not a Secrets Manager secret ARN; expected arn:aws:secretsmanager:<region>:<account>:secret:<name>-<suffix>`,
    );
  }
  if (!NAME_RE.test(id)) {
    throw new ConfigError(
      'invalid_secret_id',
      `${where}: ${JSON.stringify(text)} is not a Secrets Manager secret name (1-512 of A-Z a-z 0-9 / _ + = . @ -) or ARN`,
    );
  }
  return { id, kind: 'name', region: undefined };
}

/**
 * True when the service's answer (`ARN`, `Name` from DescribeSecret) is the secret configured. A
 * configured ARN may be complete or lack the six-character suffix the service appends.
 */
export function isSameSecret(configured: SecretId, answer: { ARN?: string; Name?: string }): boolean {
  if (configured.kind === 'name') return answer.Name === configured.id;
  const arn = answer.ARN ?? '';
  return (
    arn === configured.id || (arn.length === configured.id.length + 7 && arn.startsWith(`${configured.id}-`))
  );
}
