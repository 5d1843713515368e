export {
  DEFAULT_CONFIG_FILE,
  type FleetAccount,
  type FleetConfig,
  type FleetNotify,
  loadFleetConfig,
  parseFleetConfig,
} from './load.ts';
export {
  accountSchema,
  type FleetConfigDocument,
  type FleetConfigInput,
  fleetConfigSchema,
  notifySchema,
  policySchema,
} from './schema.ts';
