import { createRequire as __keyrollCreateRequire } from 'node:module';
const require = __keyrollCreateRequire(import.meta.url);
import {
  execAsync
} from "./chunk-M6NEJQ3Q.js";
import {
  diag
} from "./chunk-4PLI4ETU.js";
import "./chunk-5YAJ7IBO.js";

// node_modules/.pnpm/@opentelemetry+resources@3.1.0_@opentelemetry+api@1.10.0/node_modules/@opentelemetry/resources/dist/detectors/platform/node/machine-id/getMachineId-bsd.mjs
import { promises } from "fs";
async function getMachineId() {
  try {
    return (await promises.readFile("/etc/hostid", { encoding: "utf8" })).trim();
  } catch (e) {
    diag.debug(`error reading machine id: ${e}`);
  }
  try {
    return (await execAsync("kenv -q smbios.system.uuid")).stdout.trim();
  } catch (e) {
    diag.debug(`error reading machine id: ${e}`);
  }
}
export {
  getMachineId
};
