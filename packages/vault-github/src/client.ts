import { ConfigError, type Logger, silentLogger } from '@keyroll/core';
import { retry } from '@octokit/plugin-retry';
import { type ThrottlingOptions, throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import pLimit from 'p-limit';
import { GITHUB_WRITE_LIMITS, sharedWriteLimiter, WriteLimiter } from './limiter.ts';

/**
 * The Octokit every GitHub adapter shares in one run.
 * - Writes are paced by an explicit WriteLimiter configured from GitHub's documented limits (about one
 *   content-creating request a second, 80 a minute, 500 an hour), shared by every client of the process
 *   unless one is given; reads are not paced.
 * - @octokit/plugin-throttling only retries 403/429 rate-limit answers after the wait GitHub names, a
 *   bounded number of times; its own write spacing is switched off (the limiter does that job).
 * - @octokit/plugin-retry retries 5xx and network errors (never 4xx).
 * - A concurrency limit keeps far below GitHub's 100-concurrent-requests secondary limit.
 */
export const GitHubOctokit = Octokit.plugin(throttling, retry);
export type GitHubClient = InstanceType<typeof GitHubOctokit>;

export interface GitHubClientOptions {
  /** A GitHub App installation token or a fine-grained token with Secrets and Variables write. */
  token: string;
  /** REST API root: `https://api.github.com` (default) or GHES `https://<host>/api/v3`. */
  baseUrl?: string;
  /** Requests in flight at once (default 10: reads of a 100-repository fan-out are not paced). */
  concurrency?: number;
  /** Paces every write (default: the process-wide limiter with GitHub's limits). */
  writeLimiter?: WriteLimiter;
  /** Shorthand for a limiter with GitHub's limits and this spacing of writes, ms (when writeLimiter is unset). */
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

  const limiter =
    options.writeLimiter ??
    (options.minWriteIntervalMs === undefined
      ? sharedWriteLimiter()
      : new WriteLimiter({ ...GITHUB_WRITE_LIMITS, intervalMs: options.minWriteIntervalMs }));

  // plugin-throttling would also space writes 1 s apart through its own `write` group; that pacing is the
  // limiter's job, so the plugin gets a group that runs jobs at once (same `key().schedule()` shape).
  const throttle = {
    onRateLimit: onLimit('primary'),
    onSecondaryRateLimit: onLimit('secondary'),
    retryAfterBaseValue: unit,
    fallbackSecondaryRateRetryAfter: 60,
    write: passThroughGroup,
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
  const limit = pLimit(Math.max(1, options.concurrency ?? 10));
  // Registered after the plugins, so these wrap them: one slot covers a request and its retries. The
  // limiter wraps the concurrency slot, so a write waiting for its turn does not hold a slot.
  octokit.hook.wrap('request', (request, requestOptions) =>
    limit(async () => {
      const started = performance.now();
      try {
        return await request(requestOptions);
      } finally {
        limiter.observe(performance.now() - started);
      }
    }),
  );
  octokit.hook.wrap('request', (request, requestOptions) =>
    READS.has(requestOptions.method.toUpperCase())
      ? request(requestOptions)
      : limiter.schedule(async () => request(requestOptions)),
  );
  limiters.set(octokit, limiter);
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

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

const limiters = new WeakMap<GitHubClient, WriteLimiter>();

/** The limiter pacing a client's writes (for the fan-out width). */
export function writeLimiterOf(octokit: GitHubClient): WriteLimiter | undefined {
  return limiters.get(octokit);
}

/** A Bottleneck.Group look-alike that runs every job at once: Bottleneck's schedule([options,] fn, ...args). */
const passThroughGroup = {
  key: () => ({
    schedule: async (...args: unknown[]) => {
      const rest = typeof args[0] === 'function' ? args : args.slice(1);
      const [fn, ...fnArgs] = rest as [(...a: unknown[]) => unknown, ...unknown[]];
      return fn(...fnArgs);
    },
  }),
};
