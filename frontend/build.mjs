// Build the codes card into the one file the integration serves.
// `node frontend/build.mjs` writes it; `--check` fails when the committed file is stale.
import { build } from "esbuild";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outfile = join(
  root,
  "custom_components/seam_offline_codes/frontend/seam-offline-codes-card.js",
);

const result = await build({
  entryPoints: [join(root, "frontend/src/seam-offline-codes-card.ts")],
  bundle: true,
  format: "esm",
  target: "es2021",
  minify: true,
  legalComments: "eof",
  charset: "utf8",
  write: false,
  logLevel: "warning",
});
const bundle = result.outputFiles[0].text;

if (process.argv.includes("--check")) {
  let committed = "";
  try {
    committed = readFileSync(outfile, "utf8");
  } catch {
    // A missing bundle is stale too.
  }
  if (committed !== bundle) {
    console.error(
      `${outfile} is stale: run \`npm run build\` and commit the result.`,
    );
    process.exit(1);
  }
} else {
  writeFileSync(outfile, bundle);
}
