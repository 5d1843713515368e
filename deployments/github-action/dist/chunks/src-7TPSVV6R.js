import { createRequire as __keyrollCreateRequire } from 'node:module';
const require = __keyrollCreateRequire(import.meta.url);
import {
  require_src
} from "./chunk-S2SCVF6V.js";
import "./chunk-LSYU2QCK.js";
import "./chunk-NP4IBFQV.js";
import "./chunk-AEFPAJ5P.js";
export default require_src();
