// Shopify's codegen reads the Admin schema from a JSON file when one is
// present instead of downloading it (which needs Shopify's servers). The
// schema ships gzipped beside the Admin API stand-in: unpack it for codegen.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

const [source, target] = process.argv.slice(2);
mkdirSync(new URL(".", `file://${process.cwd()}/${target}`), { recursive: true });
writeFileSync(target, gunzipSync(readFileSync(source)));
