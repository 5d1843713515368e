import { createRequire as __keyrollCreateRequire } from 'node:module';
const require = __keyrollCreateRequire(import.meta.url);
import {
  diag
} from "./chunk-4PLI4ETU.js";
import "./chunk-5YAJ7IBO.js";

// node_modules/.pnpm/@opentelemetry+resources@3.1.1_@opentelemetry+api@1.10.0/node_modules/@opentelemetry/resources/dist/detectors/platform/node/machine-id/getMachineId-unsupported.mjs
async function getMachineId() {
  diag.debug("could not read machine-id: unsupported platform");
}
export {
  getMachineId
};
