// The CLI's undici: the classes keyroll's Prisma Cloud client uses, from undici's own modules, without
// undici's index. The index also loads fetch, WebSocket, EventSource, the cache store, the mock agents
// and every interceptor (≈700 KiB of the bundle, evaluated at start-up): a `keyroll rotate` paid about a
// third of its start-up for them, and `rotate --all` ≈9 MiB of its peak RSS (bench/figures/cli-startup.ts,
// bench/fleet.ts). Used by build.mjs; test/cli-bundle-lazy.test.ts keeps LEAN_UNDICI in step with what
// the sources import from 'undici'.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** What packages/prisma-cloud imports from 'undici' (values; types cost nothing), by undici's own module. */
export const LEAN_UNDICI = {
  Agent: './lib/dispatcher/agent.js',
  Pool: './lib/dispatcher/pool.js',
  EnvHttpProxyAgent: './lib/dispatcher/env-http-proxy-agent.js',
};

export const leanUndici = {
  name: 'lean-undici',
  setup(b) {
    b.onResolve({ filter: /^undici$/ }, (args) => ({
      path: 'undici',
      namespace: 'lean-undici',
      pluginData: { from: args.resolveDir },
    }));
    b.onLoad({ filter: /.*/, namespace: 'lean-undici' }, (args) => {
      const pkg = createRequire(join(args.pluginData.from, 'x.js')).resolve('undici/package.json');
      const lines = [
        "'use strict';",
        // As undici's index does: request(), stream(), pipeline(), connect() and upgrade() on every dispatcher.
        "const Dispatcher = require('./lib/dispatcher/dispatcher.js');",
        "Object.assign(Dispatcher.prototype, require('./lib/api/index.js'));",
        'exports.Dispatcher = Dispatcher;',
        ...Object.entries(LEAN_UNDICI).map(([name, file]) => `exports.${name} = require('${file}');`),
      ];
      return { contents: lines.join('\n'), loader: 'js', resolveDir: dirname(pkg) };
    });
  },
};
