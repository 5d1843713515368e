import { createRequire as __keyrollCreateRequire } from 'node:module';
const require = __keyrollCreateRequire(import.meta.url);
import {
  esm_exports,
  init_esm
} from "./chunk-NP4IBFQV.js";
import {
  __commonJS,
  __toCommonJS
} from "./chunk-AEFPAJ5P.js";

// node_modules/.pnpm/@opentelemetry+resources@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/resources/build/src/detectors/platform/node/machine-id/getMachineId-unsupported.js
var require_getMachineId_unsupported = __commonJS({
  "node_modules/.pnpm/@opentelemetry+resources@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/resources/build/src/detectors/platform/node/machine-id/getMachineId-unsupported.js"(exports) {
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.getMachineId = void 0;
    var api_1 = (init_esm(), __toCommonJS(esm_exports));
    async function getMachineId() {
      api_1.diag.debug("could not read machine-id: unsupported platform");
      return void 0;
    }
    exports.getMachineId = getMachineId;
  }
});
export default require_getMachineId_unsupported();
