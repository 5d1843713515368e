/**
 * The conformance suite must be able to fail: a deliberately broken adapter (an honest MemoryVault with one
 * planted bug per variant) runs the whole suite, on its own and through the engine, and each variant must
 * fail the checks its bug breaks. The suite is data (adapterChecks, engineChecks), so this runs it in
 * process and reads the failures by check name; the honest adapter must pass everything.
 */
import type {
  RotationBookkeeping,
  RotationMetadata,
  SecretHeader,
  StoredSecret,
  WriteReceipt,
} from '@keyroll/core';
import {
  type ConformanceHarness,
  MemoryVault,
  type MemoryVaultState,
  runConformanceChecks,
} from '@keyroll/testkit';
import { describe, expect, it } from 'vitest';

type Bug =
  | 'restore drops the managed mark'
  | 'restore does not put the value back'
  | 'write keeps stale metadata'
  | 'write drops the managed mark'
  | 'readMetadata reads the value'
  | 'readMetadata lies about managed'
  | 'writeBookkeeping drops the managed mark'
  | 'writeBookkeeping overwrites the metadata'
  | 'write keeps the failure count';

class BrokenVault extends MemoryVault {
  constructor(
    state: MemoryVaultState,
    private readonly bug: Bug | undefined,
  ) {
    super('memory:broken', state);
  }

  override async readMetadata(): Promise<SecretHeader> {
    const header = await super.readMetadata();
    if (this.bug === 'readMetadata reads the value') {
      return { ...header, ...({ value: this.state.value } as object) };
    }
    if (this.bug === 'readMetadata lies about managed') return { ...header, managed: !header.managed };
    return header;
  }

  override async write(value: string, metadata: RotationMetadata): Promise<WriteReceipt> {
    const before = { ...this.state.metadata };
    const bookkeeping = this.state.bookkeeping;
    const receipt = await super.write(value, metadata);
    if (this.bug === 'write keeps stale metadata') this.state.metadata = { ...before, ...metadata };
    if (this.bug === 'write drops the managed mark') this.state.managed = false;
    if (this.bug === 'write keeps the failure count' && bookkeeping) this.state.bookkeeping = bookkeeping;
    return receipt;
  }

  override async writeBookkeeping(bookkeeping: RotationBookkeeping): Promise<void> {
    await super.writeBookkeeping(bookkeeping);
    if (this.bug === 'writeBookkeeping drops the managed mark') this.state.managed = false;
    if (this.bug === 'writeBookkeeping overwrites the metadata') this.state.metadata = {};
  }

  override async restore(previous: StoredSecret): Promise<WriteReceipt> {
    const value = this.state.value;
    const receipt = await super.restore(previous);
    if (this.bug === 'restore drops the managed mark') this.state.managed = false;
    if (this.bug === 'restore does not put the value back') this.state.value = value;
    return receipt;
  }
}

function harnessFor(bug: Bug | undefined) {
  return async (initial: { value: string; metadata: RotationMetadata }): Promise<ConformanceHarness> => {
    const state: MemoryVaultState = {
      value: initial.value,
      metadata: { ...initial.metadata },
      managed: true,
    };
    return {
      adapter: new BrokenVault(state, bug),
      open: () => new BrokenVault(state, bug),
      inspect: async () => ({ value: state.value, metadata: { ...state.metadata }, managed: state.managed }),
      missing: () => new BrokenVault({ value: undefined, metadata: {}, managed: false }, bug),
      cleanup: async () => {},
    };
  };
}

const ROTATES =
  'engine: rotates: value, metadata and managed mark name the new key, and the next run rotates again';
const MIRROR_ROLLBACK =
  'engine: rolls back a failed store on a mirror: this target is restored exactly and rotates on the next run';
const BOOKKEEPING =
  'writes failure bookkeeping only: value, metadata and managed mark stay, and both reads return it';
const ENGINE_BOOKKEEPING =
  'engine: records failures: one rolled-back run counts 1, a second 2, a success resets the count';
const RESTORE = 'restores a previous state after a write: value, metadata and managed mark';

/** The checks each bug must fail (at least these; a bug may trip more). */
const expected: Record<Bug, string[]> = {
  'restore drops the managed mark': [RESTORE, MIRROR_ROLLBACK],
  'restore does not put the value back': [RESTORE, MIRROR_ROLLBACK],
  'write keeps stale metadata': [
    'a write replaces the metadata: fields it does not set do not linger',
    'engine: records exactly the new metadata: an expiry the new key lacks does not linger',
  ],
  'write drops the managed mark': ['writes a new value with metadata that a later read returns', ROTATES],
  'readMetadata reads the value': [
    'reads the managed mark and metadata without the value, as read() does',
    ROTATES,
  ],
  'writeBookkeeping drops the managed mark': [BOOKKEEPING, ENGINE_BOOKKEEPING],
  'writeBookkeeping overwrites the metadata': [BOOKKEEPING, ENGINE_BOOKKEEPING],
  'write keeps the failure count': ['a successful write resets the failure bookkeeping'],
  'readMetadata lies about managed': [
    'reads the managed mark and metadata without the value, as read() does',
    ROTATES,
  ],
};

describe('the conformance suite fails a deliberately broken adapter', () => {
  it('passes the honest MemoryVault on every check', async () => {
    const failed = await runConformanceChecks(harnessFor(undefined));
    expect([...failed.keys()]).toEqual([]);
  });

  it.each(Object.keys(expected) as Bug[])('fails "%s" on the checks it breaks', async (bug) => {
    const failed = await runConformanceChecks(harnessFor(bug));
    for (const name of expected[bug]) expect([...failed.keys()], `${bug} → ${name}`).toContain(name);
    // Through the engine as well, not only on the adapter's own calls; except a write that keeps the
    // count: after a success the engine's record step resets the count itself, so that bug is harmless there.
    if (bug !== 'write keeps the failure count') {
      expect(
        [...failed.keys()].some((n) => n.startsWith('engine: ')),
        bug,
      ).toBe(true);
    }
  });
});
