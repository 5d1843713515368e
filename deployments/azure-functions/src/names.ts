/** Function names: the Event Grid subscription in terraform/azure targets FUNCTION_NAMES.keyVaultEvent. */
export const FUNCTION_NAMES = {
  keyVaultEvent: 'keyrollKeyVaultEvent',
  rotateHttp: 'keyrollRotate',
  sweep: 'keyrollSweep',
} as const;

/** NCRONTAB, six fields (second minute hour day month day-of-week): daily at 03:17 UTC. */
export const SWEEP_SCHEDULE = '0 17 3 * * *';

/** POST https://<app>.azurewebsites.net/api/rotate */
export const HTTP_ROUTE = 'rotate';
