// Copy the pinned npm packages the page needs into eventwire/web/dist (git-ignored; package data).
// No bundler: the page's own sources (eventwire/web/page) are plain scripts; nothing from a CDN.
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "eventwire", "web", "dist");
const files = {
  "leaflet/dist/leaflet.js": "leaflet.js",
  "leaflet/dist/leaflet.css": "leaflet.css",
  "leaflet.markercluster/dist/leaflet.markercluster.js": "leaflet.markercluster.js",
  "leaflet.markercluster/dist/MarkerCluster.css": "MarkerCluster.css",
  "leaflet.markercluster/dist/MarkerCluster.Default.css": "MarkerCluster.Default.css",
  "topojson-client/dist/topojson-client.min.js": "topojson-client.min.js",
  "world-atlas/countries-110m.json": "countries-110m.json",
  "swagger-ui-dist/swagger-ui-bundle.js": "swagger-ui-bundle.js",
  "swagger-ui-dist/swagger-ui.css": "swagger-ui.css",
  "swagger-ui-dist/favicon-32x32.png": "favicon-32x32.png",
};
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const [from, to] of Object.entries(files)) {
  cpSync(join(here, "node_modules", from), join(out, to));
}
cpSync(join(here, "node_modules", "leaflet", "dist", "images"), join(out, "images"), { recursive: true });
console.log(`web assets: ${Object.keys(files).length} files in ${out}`);
