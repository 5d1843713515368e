/** Wire shapes of the Prisma Cloud CSPM API (see shared/reference/prisma-cloud-api.md §1–§3). */

/** An element of `GET /access_keys` (UserAccessKeyDetailResponseModel). */
export interface PrismaAccessKey {
  id: string;
  name: string;
  createdBy?: string;
  /** Epoch ms. */
  createdTs: number;
  /** Epoch ms; 0 = never. */
  expiresOn: number;
  /** Epoch ms; 0 = never used. */
  lastUsedTime: number;
  /** As the API sends it; the case is undocumented, so compare case-insensitively. */
  status: string;
  /** The owning user, or the service account name. */
  username: string;
  role?: { id?: string; name?: string };
  roleType?: string;
}

/** `GET /access_keys/{id}` documents only these fields. */
export interface PrismaAccessKeySummary {
  id: string;
  name: string;
  expiresOn: number;
}

/** `GET /user/me` (MultiRoleUserProfile); for a service account `email` is its name. */
export interface PrismaUserProfile {
  email: string;
  firstName?: string;
  lastName?: string;
  displayName?: string;
  enabled?: boolean;
  accessKeysAllowed?: boolean;
  activeRole?: { id?: string; name?: string; type?: string; [field: string]: unknown };
  [field: string]: unknown;
}

export interface CreateAccessKeyRequest {
  name: string;
  /** Epoch ms when the key expires; omitted or 0 = never. */
  expiresOn?: number;
  /** Create the key for this existing service account (admin); omitted = for the caller. */
  serviceAccountName?: string;
}

/** The only moment the secret exists outside the tenant: Prisma Cloud does not keep it. */
export interface CreatedAccessKey {
  id: string;
  secretKey: string;
}
