import { createRequire as __keyrollCreateRequire } from 'node:module';
const require = __keyrollCreateRequire(import.meta.url);
import {
  formatVaultUri
} from "./chunk-LMIKYS6J.js";
import {
  GitHubSecretsAdapter,
  createGitHubClient
} from "./chunk-FNKTS4NP.js";
import {
  ConfigError,
  InMemoryLockProvider
} from "./chunk-MCGQFY4T.js";
import "./chunk-5YAJ7IBO.js";

// packages/runtime/src/vaults/drivers/github.ts
var processLock = new InMemoryLockProvider();
var clients = /* @__PURE__ */ new Map();
function open(ref, ctx) {
  if (ref.scheme !== "github") throw new Error("github driver: wrong scheme");
  const extra = ctx.sdk?.github ?? {};
  let octokit = extra.octokit;
  if (!octokit) {
    const token = ctx.githubToken;
    if (!token)
      throw new ConfigError(
        "missing_github_token",
        `${formatVaultUri(ref)}: no GitHub token; set GITHUB_TOKEN (or GH_TOKEN), or name a secret holding it in keyroll.yaml credentials.github.token`
      );
    const baseUrl = extra.baseUrl ?? (ctx.env.GITHUB_API_URL?.trim() || void 0);
    const key = `${baseUrl ?? ""}
${token}`;
    octokit = clients.get(key);
    if (!octokit) {
      const { octokit: _ignored, ...options } = extra;
      octokit = createGitHubClient({
        ...options,
        ...baseUrl ? { baseUrl } : {},
        token,
        ...ctx.logger ? { log: ctx.logger } : {}
      });
      clients.set(key, octokit);
    }
  }
  const layout = ref.format === "pair" ? { format: "pair", accessKeyIdName: ref.names[0], secretKeyName: ref.names[1] } : { format: ref.format, name: ref.names[0] };
  const adapter = new GitHubSecretsAdapter({
    octokit,
    scope: ref.scope,
    layout,
    namedInConfiguration: ctx.namedInConfiguration,
    ...ctx.currentValue !== void 0 ? { currentValue: ctx.currentValue } : {},
    ...ctx.logger ? { logger: ctx.logger } : {}
  });
  return {
    ref,
    uri: formatVaultUri(ref),
    adapter,
    lock: () => {
      if (ctx.currentValue !== void 0) return processLock;
      throw new ConfigError(
        "github_not_primary",
        `${formatVaultUri(ref)}: a GitHub secret cannot hold the lock`
      );
    }
  };
}
export {
  open
};
