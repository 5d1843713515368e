import { createPublicKey, createVerify, randomBytes } from 'node:crypto';

/**
 * GitHub Apps in the fake: the App-authenticated endpoints keyroll uses to mint an installation token.
 * The App's JWT is checked as GitHub does (RS256 over the App's public key, `iss` the App id, `exp` in
 * the future and at most 10 minutes after `iat`); a minted token is then accepted like any other.
 */
export interface FakeGitHubApp {
  appId: string;
  /** The App's public key (PEM); the test keeps the private key in a vault. */
  publicKey: string;
  /** Installation id per account (org or user login). */
  installations: Record<string, number>;
}

export interface AppAnswer {
  call: string;
  status: number;
  body: unknown;
  /** A token minted by this request, to be accepted from now on. */
  minted?: string;
}

const ROUTES: Array<{ method: string; regex: RegExp; call: string }> = [
  {
    method: 'POST',
    regex: /^\/app\/installations\/(\d+)\/access_tokens$/,
    call: 'POST /app/installations/:id/access_tokens',
  },
  { method: 'GET', regex: /^\/orgs\/([^/]+)\/installation$/, call: 'GET /orgs/:org/installation' },
  {
    method: 'GET',
    regex: /^\/repos\/([^/]+)\/[^/]+\/installation$/,
    call: 'GET /repos/:owner/:repo/installation',
  },
];

export function isAppRoute(method: string, path: string): boolean {
  return ROUTES.some((r) => r.method === method && r.regex.test(path));
}

const refusal = (call: string, status: number, message: string): AppAnswer => ({
  call,
  status,
  body: { message, documentation_url: 'https://docs.github.com/rest', status: String(status) },
});

export function answerAppRoute(
  apps: readonly FakeGitHubApp[],
  method: string,
  path: string,
  bearer: string | undefined,
  nowMs: number,
): AppAnswer {
  const route = ROUTES.find((r) => r.method === method && r.regex.test(path))!;
  const arg = decodeURIComponent(route.regex.exec(path)![1]!);
  const app = verifyJwt(apps, bearer, nowMs);
  if (typeof app === 'string') return refusal(route.call, 401, app);
  if (route.call.startsWith('POST')) {
    const id = Number(arg);
    if (!Object.values(app.installations).includes(id)) return refusal(route.call, 404, 'Not Found');
    const token = `ghs_${randomBytes(18).toString('base64url')}`;
    return {
      call: route.call,
      status: 201,
      minted: token,
      body: {
        token,
        expires_at: new Date(nowMs + 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
        permissions: { secrets: 'write', actions_variables: 'write', metadata: 'read' },
        repository_selection: 'all',
      },
    };
  }
  const owner = Object.keys(app.installations).find((a) => a.toLowerCase() === arg.toLowerCase());
  if (!owner) return refusal(route.call, 404, 'Not Found');
  return {
    call: route.call,
    status: 200,
    body: { id: app.installations[owner], app_id: Number(app.appId), account: { login: owner } },
  };
}

/** The App the JWT belongs to, or GitHub's message for a JWT it refuses. */
function verifyJwt(
  apps: readonly FakeGitHubApp[],
  jwt: string | undefined,
  nowMs: number,
): FakeGitHubApp | string {
  const parts = (jwt ?? '').split('.');
  if (parts.length !== 3) return 'A JSON web token could not be decoded';
  let header: { alg?: unknown };
  let claims: { iss?: unknown; iat?: unknown; exp?: unknown };
  try {
    header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
  } catch {
    return 'A JSON web token could not be decoded';
  }
  if (header.alg !== 'RS256') return 'A JSON web token could not be decoded';
  const app = apps.find((a) => String(claims.iss) === a.appId);
  if (!app) return `Integration not found`;
  const ok = createVerify('RSA-SHA256')
    .update(`${parts[0]}.${parts[1]}`)
    .verify(createPublicKey(app.publicKey), Buffer.from(parts[2]!, 'base64url'));
  if (!ok) return 'A JSON web token could not be decoded';
  const now = Math.floor(nowMs / 1000);
  if (typeof claims.exp !== 'number' || typeof claims.iat !== 'number') return "Missing 'exp' or 'iat' claim";
  if (claims.exp <= now)
    return "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires";
  if (claims.exp - claims.iat > 600) return "'Expiration time' claim ('exp') is too far in the future";
  if (claims.iat > now + 60)
    return "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued";
  return app;
}
