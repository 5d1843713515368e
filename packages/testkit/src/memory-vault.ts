import {
  type RotationBookkeeping,
  type RotationMetadata,
  type SecretHeader,
  type StoredSecret,
  type VaultAdapter,
  VaultError,
  type WriteReceipt,
} from '@keyroll/core';

/** What a MemoryVault holds; tests read and change it directly, around the adapter. */
export interface MemoryVaultState {
  value: string | undefined;
  metadata: RotationMetadata;
  managed: boolean;
  bookkeeping?: RotationBookkeeping;
}

/**
 * The smallest honest VaultAdapter: one secret in memory, readable, not versioned. The conformance suite
 * uses it as the mirror target of engine runs, and the broken-adapter tests plant bugs in it.
 */
export class MemoryVault implements VaultAdapter {
  readonly capabilities = { readable: true, versioned: false } as const;

  constructor(
    readonly id: string,
    readonly state: MemoryVaultState,
  ) {}

  async readMetadata(): Promise<SecretHeader> {
    this.mustExist();
    return {
      managed: this.state.managed,
      metadata: { ...this.state.metadata },
      ...(this.state.bookkeeping ? { bookkeeping: { ...this.state.bookkeeping } } : {}),
    };
  }

  async read(): Promise<StoredSecret> {
    this.mustExist();
    return {
      value: this.state.value,
      version: undefined,
      managed: this.state.managed,
      metadata: { ...this.state.metadata },
      ...(this.state.bookkeeping ? { bookkeeping: { ...this.state.bookkeeping } } : {}),
    };
  }

  async check(): Promise<void> {
    this.mustExist();
  }

  async write(value: string, metadata: RotationMetadata): Promise<WriteReceipt> {
    this.mustExist();
    this.state.value = value;
    this.state.metadata = { ...metadata };
    delete this.state.bookkeeping; // a successful rotation starts the count again
    return {};
  }

  async writeBookkeeping(bookkeeping: RotationBookkeeping): Promise<void> {
    this.mustExist();
    this.state.bookkeeping = { ...bookkeeping };
  }

  async restore(previous: StoredSecret): Promise<WriteReceipt> {
    if (previous.value === undefined) {
      throw new VaultError('restore_without_value', `${this.id}: nothing to restore`, {
        category: 'internal',
      });
    }
    this.state.value = previous.value;
    this.state.metadata = { ...previous.metadata };
    this.state.managed = previous.managed;
    if (previous.bookkeeping) this.state.bookkeeping = { ...previous.bookkeeping };
    else delete this.state.bookkeeping;
    return {};
  }

  private mustExist(): void {
    if (this.state.value === undefined) {
      throw new VaultError('not_found', `${this.id}: no such secret`, { category: 'not_found' });
    }
  }
}
