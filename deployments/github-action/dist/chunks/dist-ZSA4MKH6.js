import { createRequire as __keyrollCreateRequire } from 'node:module';
const require = __keyrollCreateRequire(import.meta.url);
import {
  defaultResource,
  defaultServiceName,
  detectResources,
  emptyResource,
  envDetector,
  hostDetector,
  osDetector,
  processDetector,
  resourceAttributesEnvDetector,
  resourceFromAttributes,
  serviceInstanceIdDetector,
  serviceNameEnvDetector
} from "./chunk-HCT4GVPR.js";
import "./chunk-4PLI4ETU.js";
import "./chunk-5YAJ7IBO.js";
export {
  defaultResource,
  defaultServiceName,
  detectResources,
  emptyResource,
  envDetector,
  hostDetector,
  osDetector,
  processDetector,
  resourceAttributesEnvDetector,
  resourceFromAttributes,
  serviceInstanceIdDetector,
  serviceNameEnvDetector
};
