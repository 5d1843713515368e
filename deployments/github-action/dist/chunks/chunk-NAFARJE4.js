import { createRequire as __keyrollCreateRequire } from 'node:module';
const require = __keyrollCreateRequire(import.meta.url);

// node_modules/.pnpm/@opentelemetry+resources@3.1.1_@opentelemetry+api@1.10.0/node_modules/@opentelemetry/resources/dist/detectors/platform/node/machine-id/execAsync.mjs
import * as child_process from "child_process";
import * as util from "util";
var execAsync = util.promisify(child_process.exec);
var execFileAsync = util.promisify(child_process.execFile);

export {
  execAsync,
  execFileAsync
};
