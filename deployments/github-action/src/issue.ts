import type { RotationResult } from '@keyroll/core';
import type { ResultSink } from '@keyroll/runtime/report';
import type { GitHubClient } from '@keyroll/vault-github';
import { renderSummary } from './summary.ts';

/**
 * `issue-on-failure`: one GitHub issue per secret. A rolled_back or needs_attention run opens it (or
 * comments on the open one); the next rotation comments and closes it. The issue is found by a marker
 * naming the primary target, among open issues labelled `keyroll`; the text is the step summary (key ids,
 * never values).
 */
export const ISSUE_LABEL = 'keyroll';

export interface IssueOptions {
  octokit: GitHubClient;
  owner: string;
  repo: string;
  /** Link to the run, for the issue text. */
  runUrl?: string;
}

const marker = (target: string) => `<!-- keyroll-issue: ${target.replace(/-->/g, '')} -->`;

export function issueSink(options: IssueOptions): ResultSink {
  const { octokit, owner, repo } = options;
  return {
    name: 'GitHub issue',
    async report(result: RotationResult) {
      const target = result.targets[0]?.id;
      if (!target || result.dryRun) return;
      const failed = result.outcome === 'rolled_back' || result.outcome === 'needs_attention';
      if (!failed && result.outcome !== 'rotated') return;
      const open = await findOpen(options, marker(target));
      const run = options.runUrl ? `\n\n[Workflow run](${options.runUrl})` : '';
      if (failed) {
        const text = `${renderSummary(result)}${run}`;
        if (open) {
          await octokit.rest.issues.createComment({ owner, repo, issue_number: open, body: text });
        } else {
          await octokit.rest.issues.create({
            owner,
            repo,
            title: `keyroll: rotating ${target} ${result.outcome === 'needs_attention' ? 'needs attention' : 'failed'}`,
            body: `${marker(target)}\n${text}\nkeyroll closes this issue after the next successful rotation.`,
            labels: [ISSUE_LABEL],
          });
        }
        return;
      }
      if (!open) return;
      await octokit.rest.issues.createComment({
        owner,
        repo,
        issue_number: open,
        body: `Rotated: ${result.message} (rotation \`${result.rotationId}\`).${run}`,
      });
      await octokit.rest.issues.update({
        owner,
        repo,
        issue_number: open,
        state: 'closed',
        state_reason: 'completed',
      });
    },
  };
}

async function findOpen(options: IssueOptions, mark: string): Promise<number | undefined> {
  const { octokit, owner, repo } = options;
  for (let page = 1; page <= 10; page++) {
    const { data } = await octokit.rest.issues.listForRepo({
      owner,
      repo,
      state: 'open',
      labels: ISSUE_LABEL,
      per_page: 100,
      page,
    });
    const found = data.find((i) => typeof i.body === 'string' && i.body.startsWith(mark));
    if (found) return found.number;
    if (data.length < 100) return undefined;
  }
  return undefined;
}
