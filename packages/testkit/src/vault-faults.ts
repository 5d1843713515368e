import {
  type RotationBookkeeping,
  type RotationMetadata,
  type StoredSecret,
  type VaultAdapter,
  VaultError,
  type WriteOptions,
} from '@keyroll/core';
import type { FaultInjector, FaultRule } from './faults.ts';

export type VaultCall =
  | 'vault.readMetadata'
  | 'vault.read'
  | 'vault.check'
  | 'vault.write'
  | 'vault.restore'
  | 'vault.disableVersion'
  | 'vault.disableSuperseded'
  | 'vault.writeBookkeeping';

/**
 * Wraps a real adapter (file vault, or an SDK adapter) so a test can make any of its calls fail the way a
 * store fails: an error before anything happened, a timeout, an applied change whose answer is lost, or a
 * hang after the change (the process "dies" there). The call name is `vault.<method>`; the detail is
 * `{ target: adapter.id }`.
 */
export function withVaultFaults(adapter: VaultAdapter, faults: FaultInjector): VaultAdapter {
  const guard = async <T>(call: VaultCall, apply: () => Promise<T>): Promise<T> => {
    const rule = faults.take(call, { target: adapter.id });
    if (!rule) return apply();
    return misbehave(rule, call, adapter.id, apply);
  };
  const wrapped: VaultAdapter = {
    id: adapter.id,
    capabilities: adapter.capabilities,
    readMetadata: () => guard('vault.readMetadata', () => adapter.readMetadata()),
    read: () => guard('vault.read', () => adapter.read()),
    check: () => guard('vault.check', () => adapter.check()),
    write: (value: string, metadata: RotationMetadata, options?: WriteOptions) =>
      guard('vault.write', () => adapter.write(value, metadata, options)),
    restore: (previous: StoredSecret) => guard('vault.restore', () => adapter.restore(previous)),
  };
  if (adapter.disableVersion) {
    const disable = adapter.disableVersion.bind(adapter);
    wrapped.disableVersion = (version: string) => guard('vault.disableVersion', () => disable(version));
  }
  if (adapter.disableSuperseded) {
    const disable = adapter.disableSuperseded.bind(adapter);
    wrapped.disableSuperseded = () => guard('vault.disableSuperseded', () => disable());
  }
  if (adapter.writeBookkeeping) {
    const record = adapter.writeBookkeeping.bind(adapter);
    wrapped.writeBookkeeping = (bookkeeping: RotationBookkeeping) =>
      guard('vault.writeBookkeeping', () => record(bookkeeping));
  }
  if (adapter.fanOutWidth) wrapped.fanOutWidth = adapter.fanOutWidth.bind(adapter);
  return wrapped;
}

async function misbehave<T>(rule: FaultRule, call: string, id: string, apply: () => Promise<T>): Promise<T> {
  switch (rule.kind) {
    case 'error':
      throw new VaultError('injected_fault', `${id}: ${call} failed (injected)`, { category: 'unavailable' });
    case 'timeout':
      throw new VaultError('timeout', `${id}: ${call} timed out (injected)`, { category: 'unavailable' });
    case 'delay':
      await new Promise((resolve) => setTimeout(resolve, rule.delayMs ?? 10));
      return apply();
    case 'drop-after-apply':
      await apply();
      throw new VaultError('connection_lost', `${id}: ${call} lost its answer (injected)`, {
        category: 'ambiguous',
      });
    case 'hang-after-apply':
      await apply();
      rule.onApplied?.(call);
      return new Promise<T>(() => {});
    case 'rewrite':
      return apply(); // answers of vault calls are typed objects, not wire bodies: nothing to rewrite
  }
}
