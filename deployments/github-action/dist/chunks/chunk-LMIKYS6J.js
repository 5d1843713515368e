import { createRequire as __keyrollCreateRequire } from 'node:module';
const require = __keyrollCreateRequire(import.meta.url);
import {
  ConfigError
} from "./chunk-MCGQFY4T.js";

// packages/runtime/src/vaults/uri.ts
import { isAbsolute, resolve } from "node:path";
var VAULT_SCHEMES = [
  "file",
  "azure-keyvault",
  "gcp-secret-manager",
  "github",
  "aws-secrets-manager"
];
var AZURE_VAULT_SUFFIXES = [
  "vault.azure.net",
  "vault.azure.cn",
  "vault.usgovcloudapi.net",
  "vault.microsoftazure.de"
];
var AZURE_VAULT = /^[a-z][a-z0-9-]{1,22}[a-z0-9]$/i;
var AZURE_SECRET = /^[0-9a-zA-Z-]{1,127}$/;
var GCP_NAME = /^projects\/([^/]+)\/(?:locations\/([^/]+)\/)?secrets\/([^/]+)$/;
var GCP_PROJECT = /^(?:[a-z][a-z0-9-]{4,28}[a-z0-9]|\d{1,20})$/;
var GCP_LOCATION = /^[a-z][a-z0-9-]{1,62}$/;
var GCP_SECRET = /^[A-Za-z0-9_-]{1,255}$/;
var GH_OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
var GH_REPO = /^[A-Za-z0-9._-]{1,100}$/;
var GH_SECRET = /^[A-Za-z_][A-Za-z0-9_]*$/;
var AWS_REGION = /^[a-z]{2}(?:-[a-z]+)+-\d$/;
var AWS_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
var AWS_ARN = /^arn:(aws|aws-cn|aws-us-gov):secretsmanager:([a-z0-9-]+):(\d{12}):secret:([A-Za-z0-9/_+=.@-]{1,512})$/;
function parseVaultUri(text, options = {}) {
  const where = options.where ?? "vault";
  const raw = typeof text === "string" ? text.trim() : "";
  const fail = (why) => {
    throw new ConfigError(
      "invalid_vault_uri",
      `${where}: ${JSON.stringify(escapeControl(String(text)))} ${why} (see docs/vault-uris.md)`
    );
  };
  if (raw === "") return fail("is empty");
  if (hasControl(raw)) return fail("contains control characters");
  if (/^https:\/\//i.test(raw)) return azureFromUrl(raw, fail);
  if (raw.startsWith("projects/")) return gcp(raw, fail);
  if (/^(repo|env|org):/.test(raw)) return githubFromTargetLine(raw, fail);
  if (raw.startsWith("arn:")) return awsFromArn(raw, fail);
  const m = /^([a-z][a-z0-9-]*):(.*)$/.exec(raw);
  if (!m) return fail(`has no scheme; expected one of ${VAULT_SCHEMES.map((s) => `${s}:`).join(", ")}`);
  const scheme = m[1];
  const rest = m[2];
  if (scheme === "file") return file(rest, options.baseDir, fail);
  if (!VAULT_SCHEMES.includes(scheme))
    return fail(`has an unknown scheme ${scheme}:; expected one of ${VAULT_SCHEMES.join(", ")}`);
  if (!rest.startsWith("//")) return fail(`must be written ${scheme}://\u2026`);
  const body = rest.slice(2);
  switch (scheme) {
    case "azure-keyvault":
      return azure(body, fail);
    case "gcp-secret-manager":
      return gcp(body, fail);
    case "github":
      return github(body, fail);
    default:
      return body.startsWith("arn:") ? awsFromArn(body, fail) : aws(body, fail);
  }
}
function formatVaultUri(ref) {
  switch (ref.scheme) {
    case "file":
      return `file:${ref.path}`;
    case "azure-keyvault":
      return `azure-keyvault://${new URL(ref.vaultUrl).host}/${ref.secretName}`;
    case "gcp-secret-manager":
      return `gcp-secret-manager://${ref.name}`;
    case "aws-secrets-manager":
      return ref.secretId.startsWith("arn:") ? `aws-secrets-manager://${ref.secretId}` : `aws-secrets-manager://${ref.region}/${ref.secretId}`;
    case "github": {
      const s = ref.scope;
      const names = ref.names.join(",");
      const query = [];
      let path;
      if (s.kind === "repository") path = `${s.owner}/${s.repo}/${names}`;
      else if (s.kind === "environment")
        path = `${s.owner}/${s.repo}/environments/${encodeURIComponent(s.environment)}/${names}`;
      else {
        path = `${s.org}/*/${names}`;
        query.push(`visibility=${s.visibility}`);
        if (s.selectedRepositoryIds?.length) query.push(`repositories=${s.selectedRepositoryIds.join(",")}`);
      }
      if (ref.format !== "json") query.push(`format=${ref.format}`);
      return `github://${path}${query.length ? `?${query.join("&")}` : ""}`;
    }
  }
}
function file(rest, baseDir, fail) {
  let path = rest;
  if (path.startsWith("//")) {
    if (!path.startsWith("///")) return fail("names a host; use file:<path> or file:///<absolute path>");
    path = decodeURIComponent(path.slice(2));
  }
  if (path === "") return fail("has no path");
  return { scheme: "file", path: isAbsolute(path) ? resolve(path) : resolve(baseDir ?? process.cwd(), path) };
}
function azureHost(host, secret, fail) {
  const lower = host.toLowerCase();
  const suffix = AZURE_VAULT_SUFFIXES.find((s) => lower.endsWith(`.${s}`));
  if (!suffix)
    return fail(`is not a Key Vault host; expected <vault>.${AZURE_VAULT_SUFFIXES.join(" | <vault>.")}`);
  const vault = lower.slice(0, -suffix.length - 1);
  if (!AZURE_VAULT.test(vault))
    return fail(`has an invalid vault name ${JSON.stringify(vault)} (3-24 letters, digits, dashes)`);
  if (!AZURE_SECRET.test(secret))
    return fail("has an invalid secret name (1-127 letters, digits and dashes)");
  return { scheme: "azure-keyvault", vaultUrl: `https://${lower}`, secretName: secret };
}
function azure(body, fail) {
  const m = /^([^/?#]+)\/([^/?#]+)$/.exec(body);
  if (!m) return fail("is not azure-keyvault://<vault>.vault.azure.net/<secret>");
  return azureHost(m[1], m[2], fail);
}
function azureFromUrl(raw, fail) {
  let url;
  try {
    url = new URL(raw);
  } catch {
    return fail("is not a valid URL");
  }
  const m = /^\/secrets\/([^/]+)\/?$/.exec(url.pathname);
  if (!m || url.search || url.username || url.port)
    return fail(
      "is not a Key Vault secret URL https://<vault>.vault.azure.net/secrets/<secret> (no version)"
    );
  return azureHost(url.hostname, m[1], fail);
}
function gcp(body, fail) {
  const m = GCP_NAME.exec(body);
  if (!m) return fail("is not projects/<project>/secrets/<secret> or projects/<p>/locations/<l>/secrets/<s>");
  if (!GCP_PROJECT.test(m[1])) return fail(`has an invalid project ${JSON.stringify(m[1])}`);
  if (m[2] !== void 0 && !GCP_LOCATION.test(m[2]))
    return fail(`has an invalid location ${JSON.stringify(m[2])}`);
  if (!GCP_SECRET.test(m[3])) return fail("has an invalid secret id (1-255 letters, digits, _ and -)");
  return { scheme: "gcp-secret-manager", name: body };
}
function github(body, fail) {
  const q = body.indexOf("?");
  const path = q >= 0 ? body.slice(0, q) : body;
  const params = new URLSearchParams(q >= 0 ? body.slice(q + 1) : "");
  for (const key of params.keys())
    if (!["format", "visibility", "repositories"].includes(key)) fail(`has an unknown parameter ${key}`);
  const format = params.get("format") ?? "json";
  if (!["json", "checkov", "pair"].includes(format)) fail("has format other than json, checkov or pair");
  const parts = path.split("/");
  let scope;
  let names;
  const ownerRepo = (owner, repo) => {
    if (!GH_OWNER.test(owner)) fail(`has an invalid owner ${JSON.stringify(owner)}`);
    if (!GH_REPO.test(repo) || repo === "." || repo === "..")
      fail(`has an invalid repository ${JSON.stringify(repo)}`);
  };
  if (parts.length === 3 && parts[1] === "*") {
    if (!GH_OWNER.test(parts[0])) fail(`has an invalid organization ${JSON.stringify(parts[0])}`);
    const visibility = params.get("visibility") ?? "private";
    if (!["all", "private", "selected"].includes(visibility))
      fail("has visibility other than all, private or selected");
    const ids = (params.get("repositories") ?? "").split(",").filter(Boolean).map(
      (s) => /^[1-9]\d{0,15}$/.test(s) ? Number(s) : fail(`has a repository id ${JSON.stringify(s)} that is not a number`)
    );
    if (visibility === "selected" && ids.length === 0)
      fail("has visibility=selected without repositories=<id>,<id>");
    if (visibility !== "selected" && ids.length > 0) fail("lists repositories without visibility=selected");
    scope = {
      kind: "organization",
      org: parts[0],
      visibility,
      ...ids.length ? { selectedRepositoryIds: ids } : {}
    };
    names = parts[2];
  } else if (parts.length === 3) {
    ownerRepo(parts[0], parts[1]);
    scope = { kind: "repository", owner: parts[0], repo: parts[1] };
    names = parts[2];
  } else if (parts.length === 5 && parts[2] === "environments") {
    ownerRepo(parts[0], parts[1]);
    let environment = "";
    try {
      environment = decodeURIComponent(parts[3]);
    } catch {
      fail("has a badly escaped environment name");
    }
    if (environment.trim() === "" || environment.length > 255)
      fail("has an empty or too long environment name");
    scope = { kind: "environment", owner: parts[0], repo: parts[1], environment };
    names = parts[4];
  } else {
    return fail(
      "is not github://<owner>/<repo>/<SECRET>, github://<owner>/<repo>/environments/<env>/<SECRET> or github://<org>/*/<SECRET>"
    );
  }
  if (scope.kind !== "organization" && (params.has("visibility") || params.has("repositories")))
    fail("has visibility/repositories, which only organization secrets take");
  const list = names.split(",");
  if (format === "pair" ? list.length !== 2 : list.length !== 1)
    fail(
      format === "pair" ? "format=pair needs <ID_NAME>,<KEY_NAME>" : "names more than one secret (only format=pair takes two)"
    );
  for (const n of list)
    if (!GH_SECRET.test(n) || /^GITHUB_/i.test(n))
      fail(`has an invalid GitHub secret name ${JSON.stringify(n)}`);
  if (list.length === 2 && list[0].toUpperCase() === list[1].toUpperCase())
    fail("names the same secret twice");
  return { scheme: "github", scope, format, names: list };
}
function githubFromTargetLine(raw, fail) {
  const p = raw.split(":");
  const names = p[0] === "org" ? p[2] : p[0] === "env" ? p[3] : p[2];
  const [owner, repo, extra] = (p[1] ?? "").split("/");
  if (extra !== void 0) return fail("is not a valid target line");
  const format = names?.includes(",") ? "&format=pair" : "";
  if (p[0] === "repo" && p.length === 3 && repo)
    return github(`${owner}/${repo}/${names}${format.replace("&", "?")}`, fail);
  if (p[0] === "env" && p.length === 4 && repo)
    return github(
      `${owner}/${repo}/environments/${encodeURIComponent(p[2])}/${names}${format.replace("&", "?")}`,
      fail
    );
  if (p[0] === "org" && (p.length === 4 || p.length === 5) && repo === void 0)
    return github(
      `${owner}/*/${names}?visibility=${p[3]}${p[4] ? `&repositories=${p[4]}` : ""}${format}`,
      fail
    );
  return fail("is not a valid target line (repo:<owner>/<repo>:<SECRET>, env:\u2026, org:\u2026)");
}
function aws(body, fail) {
  const cut = body.indexOf("/");
  const region = cut > 0 ? body.slice(0, cut) : "";
  const name = cut > 0 ? body.slice(cut + 1) : "";
  if (!AWS_REGION.test(region))
    return fail("is not aws-secrets-manager://<region>/<name> (e.g. eu-west-1/prod/prisma)");
  if (!AWS_NAME.test(name)) return fail("has an invalid secret name (1-512 of letters, digits and /_+=.@-)");
  return { scheme: "aws-secrets-manager", region, secretId: name };
}
function awsFromArn(arn, fail) {
  const m = AWS_ARN.exec(arn);
  if (!m) return fail("is not a Secrets Manager ARN arn:aws:secretsmanager:<region>:<account>:secret:<name>");
  return { scheme: "aws-secrets-manager", region: m[2], secretId: arn };
}
var isControl = (c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127;
function hasControl(text) {
  return [...text].some(isControl);
}
function escapeControl(text) {
  return [...text].map((c) => isControl(c) ? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}` : c).join("");
}

export {
  parseVaultUri,
  formatVaultUri
};
