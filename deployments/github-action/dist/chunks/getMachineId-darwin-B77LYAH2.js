import { createRequire as __keyrollCreateRequire } from 'node:module';
const require = __keyrollCreateRequire(import.meta.url);
import {
  execAsync
} from "./chunk-M6NEJQ3Q.js";
import {
  diag
} from "./chunk-4PLI4ETU.js";
import "./chunk-5YAJ7IBO.js";

// node_modules/.pnpm/@opentelemetry+resources@3.1.0_@opentelemetry+api@1.10.0/node_modules/@opentelemetry/resources/dist/detectors/platform/node/machine-id/getMachineId-darwin.mjs
async function getMachineId() {
  try {
    const idLine = (await execAsync('ioreg -rd1 -c "IOPlatformExpertDevice"')).stdout.split("\n").find((line) => line.includes("IOPlatformUUID"));
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
