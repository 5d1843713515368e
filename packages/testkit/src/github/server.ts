import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import sodium from 'libsodium-wrappers';
import { FaultInjector, sleep } from '../faults.ts';
import { answerAppRoute, type FakeGitHubApp, isAppRoute } from './apps.ts';
import { routeRequest } from './routes.ts';
import { FakeGitHubState, type FakeScope, type FakeSecret, type FakeVariable } from './state.ts';

/**
 * A local stateful fake of the GitHub REST API's Actions secrets and variables, spoken to by the real
 * Octokit. It decrypts every sealed box it receives with the scope's private key, so tests compare what
 * the client sealed with what they expect. Listens on 127.0.0.1, ephemeral port.
 */
export interface FakeGitHubOptions {
  faults?: FaultInjector;
  /** Tokens with full access (default `['ghp_fake']`). Any other token gets 401 Bad credentials. */
  tokens?: string[];
  /**
   * Tokens that behave like a workflow's GITHUB_TOKEN: authenticated, but every secrets or variables
   * call answers 403 "Resource not accessible by integration", as GitHub does (that token has no
   * secrets permission).
   */
  workflowTokens?: string[];
  /**
   * Tokens that may read but not write secrets and variables (a GitHub App installation or fine-grained
   * token with "Secrets: read-only"): every write answers 403 "Resource not accessible by integration".
   */
  readOnlyTokens?: string[];
  /**
   * GitHub's secondary limits on content-creating requests (writes), enforced: a write that would make more
   * than `max` in the last `windowMs` answers 403 "secondary rate limit" with retry-after and is not
   * applied. GitHub's are 80 a minute and 500 an hour; benchmarks pass them scaled down. Default: none.
   */
  contentLimits?: Array<{ windowMs: number; max: number }>;
  /** GitHub Apps whose JWTs mint installation tokens (accepted like `tokens` afterwards). */
  apps?: FakeGitHubApp[];
}

export interface FakeRequestRecord {
  /** Fault-injection name, e.g. `PUT /repos/:owner/:repo/actions/secrets/:name`. */
  call: string;
  method: string;
  path: string;
  status: number | undefined;
  /** The `x-github-api-version` request header, if sent. */
  apiVersion: string | undefined;
  /** performance.now() when the request arrived and when its response finished (or was dropped). */
  startedAt: number;
  endedAt: number | undefined;
  detail: Record<string, string>;
}

export interface FakeGitHub {
  url: string;
  faults: FaultInjector;
  state: FakeGitHubState;
  requests: FakeRequestRecord[];
  /** Installation tokens minted for the fake's Apps, in order. */
  mintedTokens: string[];
  /** Requests whose call name matches (exact string or RegExp). */
  requestsFor(match: string | RegExp): FakeRequestRecord[];
  /** Highest number of requests that were in flight at once (optionally among matching calls). */
  maxConcurrency(match?: string | RegExp): number;
  /** The decrypted value GitHub holds for a secret, bypassing the API (which never returns values). */
  secretValue(scope: FakeScope, name: string): string | undefined;
  secret(scope: FakeScope, name: string): FakeSecret | undefined;
  variable(scope: FakeScope, name: string): FakeVariable | undefined;
  /** Seeds a secret directly, as if someone had run `gh secret set`. */
  seedSecret(
    scope: FakeScope,
    name: string,
    value: string,
    access?: { visibility?: 'all' | 'private' | 'selected'; selectedRepositoryIds?: number[] },
  ): void;
  /** Archives a repository: every write to it (and its environments) answers 403, as GitHub does. */
  archiveRepository(owner: string, repo: string): void;
  /** Makes a repository invisible to every token (an App not installed on it): all its routes answer 404. */
  hideRepository(owner: string, repo: string): void;
  seedVariable(
    scope: FakeScope,
    name: string,
    value: string,
    access?: { visibility?: 'all' | 'private' | 'selected'; selectedRepositoryIds?: number[] },
  ): void;
  close(): Promise<void>;
}

export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  await sodium.ready;
  const faults = options.faults ?? new FaultInjector();
  const tokens = new Set(options.tokens ?? ['ghp_fake']);
  const workflowTokens = new Set(options.workflowTokens ?? []);
  const readOnlyTokens = new Set(options.readOnlyTokens ?? []);
  const archived = new Set<string>();
  const contentLimits = options.contentLimits ?? [];
  /** Arrival times of accepted writes, for contentLimits. */
  const writeTimes: number[] = [];
  const hidden = new Set<string>();
  const state = new FakeGitHubState();
  const requests: FakeRequestRecord[] = [];
  const sockets = new Set<Socket>();
  let remaining = 5000;
  const minted: string[] = [];

  const send = (
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void => {
    remaining = Math.max(0, remaining - 1);
    const base: Record<string, string> = {
      'x-github-request-id': randomUUID().toUpperCase(),
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': String(remaining),
      'x-ratelimit-used': String(5000 - remaining),
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
      'x-ratelimit-resource': 'core',
    };
    if (status === 204 || body === undefined) {
      res.writeHead(status, { ...base, ...headers });
      res.end();
      return;
    }
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...base, ...headers });
    res.end(text);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, record: FakeRequestRecord) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const raw = await readBody(req);

    const auth = req.headers.authorization ?? '';
    const token = /^(?:token|bearer)\s+(\S+)$/i.exec(auth)?.[1];
    const apiVersion = req.headers['x-github-api-version'];
    record.apiVersion = typeof apiVersion === 'string' ? apiVersion : undefined;
    if (isAppRoute(method, url.pathname)) {
      const answer = answerAppRoute(options.apps ?? [], method, url.pathname, token, Date.now());
      record.call = answer.call;
      const fault = faults.take(answer.call, {});
      if (fault?.kind === 'error') {
        const status = fault.status ?? 500;
        return send(res, status, fault.body ?? { message: `injected ${status}` }, fault.headers);
      }
      if (answer.minted) {
        tokens.add(answer.minted);
        minted.push(answer.minted);
      }
      return send(res, answer.status, answer.body);
    }
    const known =
      tokens.has(token ?? '') || workflowTokens.has(token ?? '') || readOnlyTokens.has(token ?? '');
    if (!token || !known) {
      record.call = `${method} ${url.pathname}`;
      return send(res, 401, {
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/rest',
        status: '401',
      });
    }

    const routed = routeRequest(method, url.pathname);
    if (!routed) {
      record.call = `${method} ${url.pathname}`;
      return send(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
    }
    record.call = routed.call;
    record.detail = routed.params;

    const fault = faults.take(routed.call, routed.params);
    if (fault?.kind === 'timeout') return; // never answer, never apply; closed with the server
    if (fault?.kind === 'delay') await sleep(fault.delayMs ?? 0);
    if (fault?.kind === 'error') {
      const status = fault.status ?? 500;
      return send(res, status, fault.body ?? { message: `injected ${status}` }, fault.headers);
    }

    const repoKey = routed.params.owner ? `${routed.params.owner}/${routed.params.repo}`.toLowerCase() : '';
    if (repoKey && hidden.has(repoKey)) {
      return send(res, 404, {
        message: 'Not Found',
        documentation_url: 'https://docs.github.com/rest',
        status: '404',
      });
    }
    const writing = method !== 'GET';
    // The workflow GITHUB_TOKEN has no secrets/variables permission at all; issues it may write (with
    // `permissions: issues: write` in the workflow).
    const issues = routed.permission.startsWith('issues=');
    if ((workflowTokens.has(token) && !issues) || (writing && readOnlyTokens.has(token))) {
      return send(
        res,
        403,
        {
          message: 'Resource not accessible by integration',
          documentation_url: 'https://docs.github.com/rest/actions/secrets',
          status: '403',
        },
        { 'x-accepted-github-permissions': routed.permission },
      );
    }

    if (writing && contentLimits.length > 0) {
      const now = performance.now();
      const over = contentLimits.find((l) => writeTimes.filter((t) => t > now - l.windowMs).length >= l.max);
      if (over) {
        return send(
          res,
          403,
          {
            message:
              'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
            documentation_url:
              'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
          },
          { 'retry-after': '60' },
        );
      }
      writeTimes.push(now);
    }
    if (writing && repoKey && archived.has(repoKey)) {
      return send(res, 403, {
        message: 'Repository was archived so is read-only.',
        documentation_url: 'https://docs.github.com/rest/actions/secrets',
        status: '403',
      });
    }

    let body: Record<string, unknown> = {};
    if (raw.length > 0) {
      try {
        const parsed: unknown = JSON.parse(raw);
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
          body = parsed as Record<string, unknown>;
      } catch {
        return send(res, 400, { message: 'Problems parsing JSON' });
      }
    }

    const result = routed.handler(state, body, url.searchParams);
    if (fault?.kind === 'drop-after-apply') {
      res.socket?.destroy();
      return;
    }
    if (fault?.kind === 'hang-after-apply') return;
    send(res, result.status, result.body);
  };

  const server = createServer((req, res) => {
    const record: FakeRequestRecord = {
      call: '',
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      status: undefined,
      apiVersion: undefined,
      startedAt: performance.now(),
      endedAt: undefined,
      detail: {},
    };
    requests.push(record);
    const finish = () => {
      if (record.endedAt === undefined) record.endedAt = performance.now();
      if (res.headersSent) record.status = res.statusCode;
    };
    res.on('finish', finish);
    res.on('close', finish);
    handle(req, res, record).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, { message: `fake error: ${String(err)}` });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const matches = (call: string, match: string | RegExp) =>
    typeof match === 'string' ? call === match : match.test(call);

  return {
    url: `http://127.0.0.1:${port}`,
    faults,
    state,
    requests,
    mintedTokens: minted,
    requestsFor: (match) => requests.filter((r) => matches(r.call, match)),
    maxConcurrency: (match) => {
      const chosen = match === undefined ? requests : requests.filter((r) => matches(r.call, match));
      const events = chosen.flatMap((r) => [
        { t: r.startedAt, d: 1 },
        { t: r.endedAt ?? Number.POSITIVE_INFINITY, d: -1 },
      ]);
      // Ends sort before starts at the same instant: back-to-back requests do not overlap.
      events.sort((a, b) => a.t - b.t || a.d - b.d);
      let current = 0;
      let max = 0;
      for (const e of events) {
        current += e.d;
        max = Math.max(max, current);
      }
      return max;
    },
    secretValue: (scope, name) => state.secrets(scope).get(name.toUpperCase())?.value,
    secret: (scope, name) => state.secrets(scope).get(name.toUpperCase()),
    variable: (scope, name) => state.variables(scope).get(name.toUpperCase()),
    seedSecret: (scope, name, value, access) => {
      state.putSecret(scope, name, value, access);
    },
    archiveRepository: (owner, repo) => {
      archived.add(`${owner}/${repo}`.toLowerCase());
    },
    hideRepository: (owner, repo) => {
      hidden.add(`${owner}/${repo}`.toLowerCase());
    },
    seedVariable: (scope, name, value, access) => {
      state.putVariable(scope, name, value, access);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
