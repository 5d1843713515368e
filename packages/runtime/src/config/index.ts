export {
  DEFAULT_CONFIG_FILE,
  type FleetAccount,
  type FleetConfig,
  loadFleetConfig,
  parseFleetConfig,
} from './load.ts';
export {
  accountSchema,
  type FleetConfigDocument,
  type FleetConfigInput,
  fleetConfigSchema,
  fleetJsonSchema,
  policySchema,
} from './schema.ts';
