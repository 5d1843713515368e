import { ISSUE_ROUTES } from './issues.ts';
import type { FakeGitHubState, FakeScope, FakeSecret, FakeVariable, Visibility } from './state.ts';

/** The routes the fake serves: Actions secrets and variables at repository, environment and org scope. */
export interface RouteResult {
  status: number;
  body?: unknown;
}

type Handler = (state: FakeGitHubState, body: Record<string, unknown>, query: URLSearchParams) => RouteResult;

export interface RoutedRequest {
  /** Fault-injection name: the method and the route template, e.g. `PUT /orgs/:org/actions/secrets/:name`. */
  call: string;
  params: Record<string, string>;
  /** The fine-grained permission GitHub names in `x-accepted-github-permissions` for this route. */
  permission: string;
  handler: Handler;
}

interface Route {
  method: string;
  template: string;
  regex: RegExp;
  names: string[];
  permission: string;
  build: (params: Record<string, string>) => Handler;
}

const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DOCS = 'https://docs.github.com/rest/actions';
const notFound: RouteResult = { status: 404, body: { message: 'Not Found', documentation_url: DOCS } };
const invalid = (message: string): RouteResult => ({
  status: 422,
  body: { message, documentation_url: DOCS, status: '422' },
});

function scopeOf(kind: FakeScope['kind'], p: Record<string, string>): FakeScope {
  if (kind === 'organization') return { kind, org: p.org! };
  if (kind === 'environment') return { kind, owner: p.owner!, repo: p.repo!, environment: p.environment! };
  return { kind, owner: p.owner!, repo: p.repo! };
}

function validName(name: string): boolean {
  return SECRET_NAME.test(name) && !/^GITHUB_/i.test(name);
}

/** Org secrets and variables carry access control; GitHub requires `visibility` on them. */
function readAccess(
  body: Record<string, unknown>,
  required: boolean,
): { visibility?: Visibility; selectedRepositoryIds?: number[] } | RouteResult {
  const visibility = body.visibility;
  if (visibility === undefined) return required ? invalid('visibility is required') : {};
  if (visibility !== 'all' && visibility !== 'private' && visibility !== 'selected')
    return invalid(`visibility must be one of all, private, selected`);
  const ids = body.selected_repository_ids;
  if (ids !== undefined) {
    if (visibility !== 'selected')
      return invalid('selected_repository_ids can only be set when visibility is selected');
    if (!Array.isArray(ids) || !ids.every((id) => Number.isInteger(id)))
      return invalid('selected_repository_ids must be an array of integers');
    return { visibility, selectedRepositoryIds: ids as number[] };
  }
  return { visibility };
}

function secretJson(kind: FakeScope['kind'], s: FakeSecret, base: string): Record<string, unknown> {
  return {
    name: s.name,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
    ...(kind === 'organization'
      ? {
          visibility: s.visibility,
          ...(s.visibility === 'selected'
            ? { selected_repositories_url: `${base}/secrets/${s.name}/repositories` }
            : {}),
        }
      : {}),
  };
}

function variableJson(kind: FakeScope['kind'], v: FakeVariable): Record<string, unknown> {
  return {
    name: v.name,
    value: v.value,
    created_at: v.createdAt,
    updated_at: v.updatedAt,
    ...(kind === 'organization' ? { visibility: v.visibility } : {}),
  };
}

function routesFor(kind: FakeScope['kind'], base: string): Route[] {
  const secretBase = `${base}/secrets`;
  const variableBase = `${base}/variables`;
  const secrets = 'secrets';
  const variables = kind === 'organization' ? 'organization_actions_variables' : 'actions_variables';
  const list: Array<[string, string, string, (p: Record<string, string>) => Handler]> = [
    [
      'GET',
      `${secretBase}/public-key`,
      secrets,
      (p) => (state) => {
        const pair = state.keyPair(scopeOf(kind, p));
        return { status: 200, body: { key_id: pair.keyId, key: pair.key } };
      },
    ],
    [
      'GET',
      secretBase,
      secrets,
      (p) => (state) => {
        const all = [...state.secrets(scopeOf(kind, p)).values()].sort((a, b) =>
          a.name.localeCompare(b.name),
        );
        return {
          status: 200,
          body: { total_count: all.length, secrets: all.map((s) => secretJson(kind, s, base)) },
        };
      },
    ],
    [
      'GET',
      `${secretBase}/:name`,
      secrets,
      (p) => (state) => {
        const s = state.secrets(scopeOf(kind, p)).get(p.name!.toUpperCase());
        return s ? { status: 200, body: secretJson(kind, s, base) } : notFound;
      },
    ],
    [
      'PUT',
      `${secretBase}/:name`,
      secrets,
      (p) => (state, body) => {
        const scope = scopeOf(kind, p);
        if (!validName(p.name!)) return invalid('Failed to add secret. Name is invalid');
        const { encrypted_value: ev, key_id: keyId } = body;
        if (typeof ev !== 'string' || typeof keyId !== 'string')
          return invalid('encrypted_value and key_id are required');
        if (keyId !== state.keyPair(scope).keyId) return invalid('Bad request: key_id does not match');
        const access = readAccess(body, kind === 'organization');
        if ('status' in access) return access;
        const plaintext = state.open(scope, ev);
        if (plaintext === undefined) return invalid('Bad request: could not decrypt encrypted_value');
        const { created } = state.putSecret(scope, p.name!, plaintext, access);
        return created ? { status: 201, body: {} } : { status: 204 };
      },
    ],
    [
      'DELETE',
      `${secretBase}/:name`,
      secrets,
      (p) => (state) =>
        state.secrets(scopeOf(kind, p)).delete(p.name!.toUpperCase()) ? { status: 204 } : notFound,
    ],
    [
      'GET',
      variableBase,
      variables,
      (p) => (state, _body, query) => {
        const all = [...state.variables(scopeOf(kind, p)).values()].sort((a, b) =>
          a.name.localeCompare(b.name),
        );
        const perPage = Math.min(Number(query.get('per_page') ?? 10) || 10, 30);
        const page = Math.max(Number(query.get('page') ?? 1) || 1, 1);
        const slice = all.slice((page - 1) * perPage, page * perPage);
        return {
          status: 200,
          body: { total_count: all.length, variables: slice.map((v) => variableJson(kind, v)) },
        };
      },
    ],
    [
      'POST',
      variableBase,
      variables,
      (p) => (state, body) => {
        const scope = scopeOf(kind, p);
        const { name, value } = body;
        if (typeof name !== 'string' || typeof value !== 'string')
          return invalid('name and value are required');
        if (!validName(name)) return invalid('Failed to create variable. Name is invalid');
        if (state.variables(scope).has(name.toUpperCase()))
          return {
            status: 409,
            body: { message: 'Already exists - Variable already exists', status: '409' },
          };
        const access = readAccess(body, kind === 'organization');
        if ('status' in access) return access;
        state.putVariable(scope, name, value, access);
        return { status: 201, body: {} };
      },
    ],
    [
      'GET',
      `${variableBase}/:name`,
      variables,
      (p) => (state) => {
        const v = state.variables(scopeOf(kind, p)).get(p.name!.toUpperCase());
        return v ? { status: 200, body: variableJson(kind, v) } : notFound;
      },
    ],
    [
      'PATCH',
      `${variableBase}/:name`,
      variables,
      (p) => (state, body) => {
        const scope = scopeOf(kind, p);
        const existing = state.variables(scope).get(p.name!.toUpperCase());
        if (!existing) return notFound;
        if (body.value !== undefined && typeof body.value !== 'string')
          return invalid('value must be a string');
        if (body.name !== undefined && body.name !== existing.name)
          return invalid('renaming variables is not supported by this fake');
        const access = readAccess(body, false);
        if ('status' in access) return access;
        state.putVariable(scope, existing.name, (body.value as string | undefined) ?? existing.value, {
          visibility: access.visibility ?? existing.visibility,
          selectedRepositoryIds:
            access.selectedRepositoryIds ??
            (access.visibility && access.visibility !== 'selected'
              ? undefined
              : existing.selectedRepositoryIds),
        });
        return { status: 204 };
      },
    ],
    [
      'DELETE',
      `${variableBase}/:name`,
      variables,
      (p) => (state) =>
        state.variables(scopeOf(kind, p)).delete(p.name!.toUpperCase()) ? { status: 204 } : notFound,
    ],
  ];
  if (kind === 'organization') {
    list.push([
      'GET',
      `${secretBase}/:name/repositories`,
      secrets,
      (p) => (state, _body, query) => {
        const s = state.secrets(scopeOf(kind, p)).get(p.name!.toUpperCase());
        if (!s) return notFound;
        if (s.visibility !== 'selected')
          return {
            status: 409,
            body: { message: "The secret's visibility is not set to 'selected'", status: '409' },
          };
        const ids = s.selectedRepositoryIds ?? [];
        const perPage = Math.min(Number(query.get('per_page') ?? 30) || 30, 100);
        const page = Math.max(Number(query.get('page') ?? 1) || 1, 1);
        const slice = ids.slice((page - 1) * perPage, page * perPage);
        return {
          status: 200,
          body: {
            total_count: ids.length,
            repositories: slice.map((id) => ({ id, name: `repo-${id}`, full_name: `${p.org}/repo-${id}` })),
          },
        };
      },
    ]);
  }
  return list.map(([method, template, permission, build]) => {
    const names: string[] = [];
    const pattern = template.replace(/:(\w+)/g, (_m, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    return { method, template, regex: new RegExp(`^${pattern}$`), names, permission, build };
  });
}

function compile(list: Array<[string, string, string, Route['build']]>): Route[] {
  return list.map(([method, template, permission, build]) => {
    const names: string[] = [];
    const pattern = template.replace(/:(\w+)/g, (_m, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    return { method, template, regex: new RegExp(`^${pattern}$`), names, permission, build };
  });
}

const ROUTES: Route[] = [
  ...routesFor('repository', '/repos/:owner/:repo/actions'),
  ...routesFor('environment', '/repos/:owner/:repo/environments/:environment'),
  ...routesFor('organization', '/orgs/:org/actions'),
  ...compile(ISSUE_ROUTES),
];

export function routeRequest(method: string, pathname: string): RoutedRequest | undefined {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const m = route.regex.exec(pathname);
    if (!m) continue;
    const params: Record<string, string> = {};
    route.names.forEach((name, i) => {
      params[name] = decodeURIComponent(m[i + 1]!);
    });
    const access = method === 'GET' ? 'read' : 'write';
    return {
      call: `${method} ${route.template}`,
      params,
      permission: `${route.permission}=${access}`,
      handler: route.build(params),
    };
  }
  return undefined;
}
