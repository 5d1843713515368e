import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '@keyroll/vault-file';

/** The last outcome of each account, kept beside keyroll.yaml so `status --all` can say "last rotation failed". */
export interface AccountState {
  outcome: string;
  reason?: string;
  rotationId?: string;
  finishedAt: string;
}

export type FleetState = Record<string, AccountState>;

export async function readFleetState(path: string): Promise<FleetState> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as FleetState) : {};
  } catch {
    // Missing or unreadable: no history, which is not an error (the vaults hold the truth, R3).
    return {};
  }
}

export async function recordFleetState(path: string, updates: FleetState): Promise<void> {
  const state = { ...(await readFleetState(path)), ...updates };
  await writeFileAtomic(path, `${JSON.stringify(state, null, 2)}\n`);
}
