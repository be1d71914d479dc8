// Writes `FILE.br` (brotli, quality 11) and `FILE.gz` (gzip -9) beside every text and wasm file
// of a static site, as a deployable site carries them: a server that serves precompressed files
// (nginx `brotli_static` / `gzip_static`, Caddy `precompressed`, `serve.mjs`) sends the smallest
// the browser accepts without compressing on each request. `node precompress.mjs DIR`.
import { readdir, readFile, writeFile } from "node:fs/promises";
import { extname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const COMPRESSED = new Set([".html", ".js", ".mjs", ".css", ".wasm", ".json", ".svg", ".txt"]);

async function* files(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (COMPRESSED.has(extname(entry.name))) yield path;
  }
}

export async function precompress(dir) {
  const written = [];
  for await (const path of files(dir)) {
    const body = await readFile(path);
    const br = brotliCompressSync(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    });
    await writeFile(`${path}.br`, br);
    await writeFile(`${path}.gz`, gzipSync(body, { level: 9 }));
    written.push({ path, raw: body.length, br: br.length });
  }
  return written;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const { path, raw, br } of await precompress(process.argv[2])) {
    console.log(`${path}: ${raw} bytes, ${br} bytes brotli`);
  }
}
