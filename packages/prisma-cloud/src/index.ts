export {
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_TOKEN_REFRESH_AFTER_MS,
  PrismaCloudClient,
  type PrismaCloudClientOptions,
} from './client.ts';
export { type CallInfo, errorFromResponse, errorFromTransport } from './errors.ts';
export {
  PrismaCloudIssuer,
  type PrismaCloudIssuerOptions,
  PrismaCloudSession,
  toIssuedKey,
} from './issuer.ts';
export {
  DEFAULT_BURST,
  DEFAULT_RATE_PER_SECOND,
  RateLimiter,
  type RateLimitOptions,
  type RateTicket,
  sharedRateLimiter,
} from './rate-limit.ts';
export { parseRedlockStatus, primaryI18nKey, type RedlockStatus } from './redlock-status.ts';
export type {
  CreateAccessKeyRequest,
  CreatedAccessKey,
  PrismaAccessKey,
  PrismaAccessKeySummary,
  PrismaUserProfile,
} from './types.ts';
