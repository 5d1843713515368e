import { type FileHandle, open } from 'node:fs/promises';
import { ConfigError } from '@keyroll/core';
import type { AuditRecord } from './audit.ts';

/**
 * The CLI's `--audit-file <path>`: one audit record per line (JSON lines), appended. Opened before the
 * rotation starts, so a path that cannot be written is a usage error with nothing touched (check before
 * create); created with mode 0600 (records hold key ids and account names, never values).
 */
export interface AuditFile {
  write(record: AuditRecord): Promise<void>;
  close(): Promise<void>;
}

export async function openAuditFile(path: string): Promise<AuditFile> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'a', 0o600);
  } catch (err) {
    const code = (err as { code?: string }).code ?? 'error';
    throw new ConfigError(
      'audit_file_unwritable',
      `--audit-file ${path} cannot be opened for appending (${code})`,
    );
  }
  return {
    write: async (record) => {
      await handle.appendFile(`${JSON.stringify(record)}\n`, 'utf8');
    },
    close: () => handle.close(),
  };
}
