// Licence notices for a bundle: every npm package esbuild put into it (from the build's metafile),
// with its version, licence and the text of its LICENSE/NOTICE files. Bundling strips the copies
// that ship in node_modules, so the notices travel in one file next to the bundle.
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';

/** The package directory of a bundled input path (`…/node_modules/@scope/name/…`), or undefined. */
function packageDirOf(root, input) {
  const abs = resolve(root, input);
  const at = abs.lastIndexOf(`${sep}node_modules${sep}`);
  if (at < 0) return undefined;
  const rest = abs.slice(at + '/node_modules/'.length).split(sep);
  const depth = rest[0]?.startsWith('@') ? 2 : 1;
  return join(abs.slice(0, at), 'node_modules', ...rest.slice(0, depth));
}

/**
 * @param {string} root the build's absWorkingDir (metafile paths are relative to it)
 * @param {{ outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }> }} metafile
 * @returns {Promise<string>} the notices text, packages sorted by name (deterministic)
 */
export async function thirdPartyNotices(root, metafile) {
  const dirs = new Set();
  // What is in the output: metafile.inputs also lists modules that tree shaking dropped.
  const bundled = Object.values(metafile.outputs).flatMap((o) =>
    Object.entries(o.inputs)
      .filter(([, v]) => v.bytesInOutput > 0)
      .map(([input]) => input),
  );
  for (const input of bundled) {
    const dir = packageDirOf(root, input);
    if (dir) dirs.add(dir);
  }
  const entries = [];
  for (const dir of dirs) {
    const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
    const files = (await readdir(dir)).filter((f) => /^(licen[cs]e|notice|copying)/i.test(f)).sort();
    const texts = await Promise.all(files.map((f) => readFile(join(dir, f), 'utf8')));
    entries.push({ name: pkg.name, version: pkg.version, license: pkg.license ?? 'see text', texts });
  }
  // One entry per name@version (a package can be reached through several paths).
  const seen = new Map(entries.map((e) => [`${e.name}@${e.version}`, e]));
  const sorted = [...seen.values()].sort((a, b) =>
    a.name === b.name ? a.version.localeCompare(b.version) : a.name.localeCompare(b.name),
  );
  const parts = sorted.map((e) =>
    [
      `${e.name}@${e.version} (${e.license})`,
      ...(e.texts.length ? e.texts.map((t) => t.trim()) : ['(no licence file in the package)']),
    ].join('\n\n'),
  );
  return `This bundle includes the following third-party packages.\n\n${parts.join(`\n\n${'-'.repeat(72)}\n\n`)}\n`;
}
