import type { FakeGitHubState } from './state.ts';

/**
 * Issues and issue comments in the fake GitHub API (the Action's failure issue). Shapes follow the REST API:
 * list (`state`, `labels` = all of these, pagination), create (201), update `state`/`state_reason` (200),
 * comment (201). Pull requests are not modelled.
 */
export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  stateReason: string | null;
  labels: string[];
  comments: string[];
}

export class FakeIssues {
  private readonly byRepo = new Map<string, FakeIssue[]>();

  list(owner: string, repo: string): FakeIssue[] {
    const key = `${owner}/${repo}`.toLowerCase();
    let list = this.byRepo.get(key);
    if (!list) {
      list = [];
      this.byRepo.set(key, list);
    }
    return list;
  }
}

type Result = { status: number; body?: unknown };
const DOCS = 'https://docs.github.com/rest/issues';
const invalid = (message: string): Result => ({ status: 422, body: { message, documentation_url: DOCS } });
const notFound: Result = { status: 404, body: { message: 'Not Found', documentation_url: DOCS } };

function json(owner: string, repo: string, i: FakeIssue): Record<string, unknown> {
  return {
    id: 1000 + i.number,
    number: i.number,
    title: i.title,
    body: i.body,
    state: i.state,
    state_reason: i.stateReason,
    labels: i.labels.map((name) => ({ name })),
    comments: i.comments.length,
    html_url: `https://github.com/${owner}/${repo}/issues/${i.number}`,
  };
}

type Build = (
  p: Record<string, string>,
) => (state: FakeGitHubState, body: Record<string, unknown>, query: URLSearchParams) => Result;

export const ISSUE_ROUTES: Array<[string, string, string, Build]> = [
  [
    'GET',
    '/repos/:owner/:repo/issues',
    'issues',
    (p) => (state, _body, query) => {
      const wanted = query.get('state') ?? 'open';
      const labels = (query.get('labels') ?? '').split(',').filter(Boolean);
      const perPage = Math.min(Number(query.get('per_page') ?? 30) || 30, 100);
      const page = Math.max(Number(query.get('page') ?? 1) || 1, 1);
      const all = state.issues
        .list(p.owner!, p.repo!)
        .filter((i) => wanted === 'all' || i.state === wanted)
        .filter((i) => labels.every((l) => i.labels.includes(l)))
        .sort((a, b) => b.number - a.number);
      return {
        status: 200,
        body: all.slice((page - 1) * perPage, page * perPage).map((i) => json(p.owner!, p.repo!, i)),
      };
    },
  ],
  [
    'POST',
    '/repos/:owner/:repo/issues',
    'issues',
    (p) => (state, body) => {
      if (typeof body.title !== 'string' || body.title === '') return invalid('title is required');
      const list = state.issues.list(p.owner!, p.repo!);
      const issue: FakeIssue = {
        number: list.length + 1,
        title: body.title,
        body: typeof body.body === 'string' ? body.body : '',
        state: 'open',
        stateReason: null,
        labels: Array.isArray(body.labels) ? body.labels.map(String) : [],
        comments: [],
      };
      list.push(issue);
      return { status: 201, body: json(p.owner!, p.repo!, issue) };
    },
  ],
  [
    'PATCH',
    '/repos/:owner/:repo/issues/:number',
    'issues',
    (p) => (state, body) => {
      const issue = state.issues.list(p.owner!, p.repo!).find((i) => String(i.number) === p.number);
      if (!issue) return notFound;
      if (body.state !== undefined) {
        if (body.state !== 'open' && body.state !== 'closed') return invalid('state must be open or closed');
        issue.state = body.state;
        issue.stateReason = typeof body.state_reason === 'string' ? body.state_reason : null;
      }
      if (typeof body.body === 'string') issue.body = body.body;
      return { status: 200, body: json(p.owner!, p.repo!, issue) };
    },
  ],
  [
    'POST',
    '/repos/:owner/:repo/issues/:number/comments',
    'issues',
    (p) => (state, body) => {
      const issue = state.issues.list(p.owner!, p.repo!).find((i) => String(i.number) === p.number);
      if (!issue) return notFound;
      if (typeof body.body !== 'string' || body.body === '') return invalid('body is required');
      issue.comments.push(body.body);
      return { status: 201, body: { id: 5000 + issue.comments.length, body: body.body } };
    },
  ],
];
