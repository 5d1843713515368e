import { createRequire as __keyrollCreateRequire } from 'node:module';
const require = __keyrollCreateRequire(import.meta.url);
import {
  execFileAsync
} from "./chunk-NAFARJE4.js";
import {
  diag
} from "./chunk-4PLI4ETU.js";
import "./chunk-5YAJ7IBO.js";

// node_modules/.pnpm/@opentelemetry+resources@3.1.1_@opentelemetry+api@1.10.0/node_modules/@opentelemetry/resources/dist/detectors/platform/node/machine-id/getMachineId-darwin.mjs
var EXEC_TIMEOUT_MS = 5e3;
async function getMachineId() {
  try {
    const idLine = (await execFileAsync("/usr/sbin/ioreg", [
      "-rd1",
      "-c",
      "IOPlatformExpertDevice"
    ], { timeout: EXEC_TIMEOUT_MS })).stdout.split("\n").find((line) => line.includes("IOPlatformUUID"));
    if (!idLine) return;
    const parts = idLine.split('" = "');
    if (parts.length === 2) return parts[1].slice(0, -1);
  } catch (e) {
    diag.debug(`error reading machine id: ${e}`);
  }
}
export {
  getMachineId
};
