export { ManualClock, type SimClock } from './clock.ts';
export {
  credentialWorks,
  DEFAULT_JWT_LIFETIME_MS,
  type PrismaSimulator,
  type PrismaSimulatorOptions,
  type SimRequest,
  startPrismaSimulator,
} from './server.ts';
export type { SimKey } from './tenant.ts';
