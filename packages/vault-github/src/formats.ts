import { parseSecretValue } from '@keyroll/core';
import type { SecretLayout } from './scope.ts';

/**
 * Lays a canonical secret value (the JSON the engine reads and writes) out as the GitHub secrets of a
 * target. Parsing goes through core's codec, so a malformed value is an InputError and nothing is written.
 */
export interface SecretWrite {
  name: string;
  plaintext: string;
}

export function layOut(value: string, layout: SecretLayout, where: string): SecretWrite[] {
  if (layout.format === 'json') {
    parseSecretValue(value, where); // validate; the value is stored exactly as given
    return [{ name: layout.name, plaintext: value }];
  }
  const { credential } = parseSecretValue(value, where);
  if (layout.format === 'checkov') {
    return [{ name: layout.name, plaintext: `${credential.accessKeyId}::${credential.secretKey}` }];
  }
  return [
    { name: layout.accessKeyIdName, plaintext: credential.accessKeyId },
    { name: layout.secretKeyName, plaintext: credential.secretKey },
  ];
}
