import { ConfigError, type Logger, silentLogger } from '@keyroll/core';
import { retry } from '@octokit/plugin-retry';
import { type ThrottlingOptions, throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import pLimit from 'p-limit';

/**
 * The Octokit every GitHub adapter shares in one run. Writes go through GitHub's recommended pacing:
 * - @octokit/plugin-throttling retries 403/429 rate-limit answers after the wait GitHub names, a bounded
 *   number of times, and spaces mutating calls (GitHub: "pause at least 1 s between mutating requests");
 * - @octokit/plugin-retry retries 5xx and network errors (never 4xx);
 * - a concurrency limit keeps far below GitHub's 100-concurrent-requests secondary limit, so a fan-out to
 *   hundreds of repositories does not trip it.
 */
export const GitHubOctokit = Octokit.plugin(throttling, retry);
export type GitHubClient = InstanceType<typeof GitHubOctokit>;

export interface GitHubClientOptions {
  /** A GitHub App installation token or a fine-grained token with Secrets and Variables write. */
  token: string;
  /** REST API root: `https://api.github.com` (default) or GHES `https://<host>/api/v3`. */
  baseUrl?: string;
  /** Requests in flight at once (default 4). */
  concurrency?: number;
  /** Minimum spacing of mutating requests, ms (default 1000, GitHub's advice). */
  minWriteIntervalMs?: number;
  /** How many times one request is retried after a rate-limit answer (default 3). */
  maxRateLimitRetries?: number;
  /** A rate-limit wait longer than this is not waited for; the call fails as rate_limited (default 900 s). */
  maxRateLimitWaitSeconds?: number;
  /** Length of one second of GitHub's retry-after/backoff hints, ms (default 1000; tests shrink it). */
  retryAfterUnitMs?: number;
  /** Per-request timeout, ms (default 30 000). */
  requestTimeoutMs?: number;
  /** Receives rate-limit warnings and Octokit's own log lines (at debug level). Default: silent. */
  log?: Logger;
  userAgent?: string;
  /** A fetch implementation (a proxy-aware one, say). Default: global fetch. */
  fetch?: typeof fetch;
}

/** The REST API version every request asks for (GitHub's header `X-GitHub-Api-Version`). */
export const GITHUB_API_VERSION = '2022-11-28';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  if (!options.token || /\s/.test(options.token)) {
    throw new ConfigError('missing_github_token', 'a GitHub token is required (and must not contain spaces)');
  }
  const baseUrl = checkBaseUrl(options.baseUrl ?? 'https://api.github.com');
  const log = options.log ?? silentLogger();
  const maxRetries = options.maxRateLimitRetries ?? 3;
  const maxWait = options.maxRateLimitWaitSeconds ?? 900;
  const unit = options.retryAfterUnitMs ?? 1000;
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  const baseFetch = options.fetch ?? globalThis.fetch;

  const onLimit =
    (kind: 'primary' | 'secondary') =>
    (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
      const willRetry = retryCount < maxRetries && retryAfter <= maxWait;
      log.warn(`GitHub ${kind} rate limit hit`, {
        method: request.method,
        url: request.url,
        retryAfterSeconds: retryAfter,
        retryCount,
        willRetry,
      });
      return willRetry;
    };

  // plugin-throttling spaces writes through its `write` group (a Bottleneck group with maxConcurrent 1 and
  // minTime 1000, shared process-wide). We pass a small object with the same `key().schedule()` shape so the
  // spacing is configurable per client; bottleneck itself is not a dependency of ours.
  const throttle = {
    onRateLimit: onLimit('primary'),
    onSecondaryRateLimit: onLimit('secondary'),
    retryAfterBaseValue: unit,
    fallbackSecondaryRateRetryAfter: 60,
    write: writePacer(options.minWriteIntervalMs ?? 1000),
  } as unknown as ThrottlingOptions;

  const octokit = new GitHubOctokit({
    auth: options.token,
    baseUrl,
    userAgent: options.userAgent ?? 'keyroll',
    throttle,
    retry: { retryAfterBaseValue: unit },
    request: {
      fetch: (url: string | URL | Request, init?: RequestInit) => {
        const signals = [AbortSignal.timeout(timeoutMs), ...(init?.signal ? [init.signal] : [])];
        return baseFetch(url, { ...init, signal: AbortSignal.any(signals) });
      },
    },
    log: {
      // Octokit logs every 4xx at error level, including expected 404s (a missing metadata variable).
      debug: (m: string) => log.debug(m),
      info: (m: string) => log.debug(m),
      warn: (m: string) => log.warn(m),
      error: (m: string) => log.debug(m),
    },
  });

  // Pin the REST API version, so a new default version cannot change what these calls mean.
  octokit.hook.before('request', (requestOptions) => {
    requestOptions.headers['x-github-api-version'] = GITHUB_API_VERSION;
  });
  const limit = pLimit(Math.max(1, options.concurrency ?? 4));
  // Registered after the plugins, so this wraps them: one slot covers a request and its retries.
  octokit.hook.wrap('request', (request, requestOptions) => limit(() => request(requestOptions)));
  return octokit;
}

function checkBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(
      'invalid_github_api_url',
      `the GitHub API URL is not a URL: ${JSON.stringify(raw)}`,
    );
  }
  // The token is sent to this URL: plain http only for a server on this machine.
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    throw new ConfigError(
      'invalid_github_api_url',
      `the GitHub API URL must use https (got ${url.origin}); http is accepted only for loopback`,
    );
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new ConfigError(
      'invalid_github_api_url',
      'the GitHub API URL must not carry credentials or a query',
    );
  }
  return url.toString().replace(/\/+$/, '');
}

/** Duck-typed Bottleneck.Group for plugin-throttling's write pacing: starts are `minIntervalMs` apart. */
function writePacer(minIntervalMs: number) {
  let next = 0;
  const limiter = {
    schedule: async (...args: unknown[]) => {
      // Bottleneck's schedule([options,] fn, ...args)
      const rest = typeof args[0] === 'function' ? args : args.slice(1);
      const [fn, ...fnArgs] = rest as [(...a: unknown[]) => unknown, ...unknown[]];
      const now = Date.now();
      const start = Math.max(now, next);
      next = start + minIntervalMs;
      if (start > now) await new Promise((resolve) => setTimeout(resolve, start - now));
      return fn(...fnArgs);
    },
  };
  return { key: () => limiter };
}
