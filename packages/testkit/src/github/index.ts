import type { FaultRule } from '../faults.ts';

export type { FakeGitHubApp } from './apps.ts';
export { type FakeIssue, FakeIssues } from './issues.ts';
export {
  type FakeGitHub,
  type FakeGitHubOptions,
  type FakeRequestRecord,
  startFakeGitHub,
} from './server.ts';
export {
  FakeGitHubState,
  type FakeScope as FakeGitHubScope,
  type FakeSecret as FakeGitHubSecret,
  type FakeVariable as FakeGitHubVariable,
  scopeKey as fakeGitHubScopeKey,
} from './state.ts';

/**
 * A fault that answers like GitHub's rate limiter. `primary`: 403 with `x-ratelimit-remaining: 0` and a
 * reset time (the hourly quota). `secondary`: 403 or 429 with `retry-after` and GitHub's "secondary rate
 * limit" message (too many concurrent or mutating requests). Neither applies the change.
 */
export function rateLimitFault(
  match: FaultRule['match'],
  kind: 'primary' | 'secondary',
  options: { status?: 403 | 429; retryAfterSeconds?: number; resetInSeconds?: number; times?: number } = {},
): FaultRule {
  if (kind === 'primary') {
    return {
      match,
      kind: 'error',
      status: options.status ?? 403,
      times: options.times ?? 1,
      headers: {
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + (options.resetInSeconds ?? 0)),
      },
      body: JSON.stringify({
        message: 'API rate limit exceeded for installation ID 1.',
        documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
      }),
    };
  }
  return {
    match,
    kind: 'error',
    status: options.status ?? 403,
    times: options.times ?? 1,
    headers: { 'retry-after': String(options.retryAfterSeconds ?? 1) },
    body: JSON.stringify({
      message:
        'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.',
      documentation_url:
        'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
    }),
  };
}
