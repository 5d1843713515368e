export { fleetEscalation } from './escalation.ts';
export { assertGitHubPlanFits, type GitHubPlan, githubPlan } from './github-plan.ts';
export { runPool } from './pool.ts';
export {
  type FleetEvent,
  type FleetItem,
  type FleetOptions,
  type FleetReport,
  rotateFleet,
  statusFleet,
} from './run.ts';
export { type AccountState, type FleetState, readFleetState, recordFleetState } from './state.ts';
