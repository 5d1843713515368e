import type { Credential } from './credential.ts';

/** The credential side: the system that mints keys (today Prisma Cloud). */
export type KeyStatus = 'active' | 'inactive' | 'expired';

export interface IssuedKey {
  id: string;
  name: string;
  status: KeyStatus;
  /** Owning user or service account. */
  owner: string;
  createdAt: Date;
  expiresOn?: Date;
  lastUsedAt?: Date;
}

export interface NewKey {
  id: string;
  /** Shown once, at creation. */
  secretKey: string;
}

export interface CreateKeyRequest {
  name: string;
  expiresOn?: Date;
  /** Create for this service account (admin mode); omitted = for the logged-in identity. */
  owner?: string;
}

export interface IssuerIdentity {
  /** User or service-account name, comparable with IssuedKey.owner. */
  name: string;
}

export interface IssuerSession {
  identity(): Promise<IssuerIdentity>;
  /** Keys owned by `owner`. */
  listKeys(owner: string): Promise<IssuedKey[]>;
  /** Never retried blindly: an ambiguous failure surfaces as category `ambiguous`. */
  createKey(request: CreateKeyRequest): Promise<NewKey>;
  deactivateKey(id: string): Promise<void>;
  /** Optional (undo): re-activates an inactive key; an expired key cannot be re-activated. */
  activateKey?(id: string): Promise<void>;
  /** Deleting a key that does not exist succeeds (it is what we wanted). */
  deleteKey(id: string): Promise<void>;
  close(): Promise<void>;
}

export interface KeyIssuer {
  /** Logs in with a credential. Rejects with category `auth` when the credential does not work. */
  login(credential: Credential): Promise<IssuerSession>;
}
