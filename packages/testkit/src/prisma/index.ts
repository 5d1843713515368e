export { ManualClock, type SimClock } from './clock.ts';
export { type RateLimitVerdict, SimRateLimit, type SimRateLimitOptions } from './rate-limit.ts';
export {
  consumerLogsIn,
  credentialWorks,
  DEFAULT_JWT_LIFETIME_MS,
  type PrismaSimulator,
  type PrismaSimulatorOptions,
  type SimRequest,
  startPrismaSimulator,
} from './server.ts';
export type { SimKey } from './tenant.ts';
