/** Function names: the Event Grid subscription in terraform/azure targets FUNCTION_NAMES.keyVaultEvent. */
export const FUNCTION_NAMES = {
  keyVaultEvent: 'keyrollKeyVaultEvent',
  rotateHttp: 'keyrollRotate',
  sweep: 'keyrollSweep',
} as const;

/** NCRONTAB, six fields (second minute hour day month day-of-week): hourly at minute 17, so an old key is retired soon after its grace ends. */
export const SWEEP_SCHEDULE = '0 17 * * * *';

/** POST https://<app>.azurewebsites.net/api/rotate */
export const HTTP_ROUTE = 'rotate';
