// A static file server for the citizen form: `node serve.mjs DIR [PORT]`. Also imported by the
// end-to-end and loading tests. Serves `.wasm` as application/wasm so the browser compiles it
// while it downloads, and, like nginx's `brotli_static` / `gzip_static`, a file's precompressed
// `.br` or `.gz` twin (written by `precompress.mjs`) when the browser accepts it.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".ts": "text/plain; charset=utf-8",
};

/// The encodings tried, best first, with the suffix of their precompressed file.
const ENCODINGS = [
  ["br", ".br"],
  ["gzip", ".gz"],
];

/// The file itself, or its smallest precompressed twin the request accepts.
async function body(file, accepted) {
  for (const [encoding, suffix] of ENCODINGS) {
    if (!accepted.includes(encoding)) continue;
    try {
      return { data: await readFile(file + suffix), encoding };
    } catch {
      // no twin in this encoding
    }
  }
  return { data: await readFile(file), encoding: null };
}

/// The encodings an `Accept-Encoding` header accepts (names lowercased, `q=0` left out).
function acceptedEncodings(header = "") {
  return header
    .split(",")
    .map((part) => part.trim().toLowerCase().split(";").map((p) => p.trim()))
    .filter(([, ...params]) => !params.some((p) => /^q=0(\.0*)?$/.test(p)))
    .map(([name]) => name);
}

export function serve(dir, port = 0) {
  const root = resolve(dir);
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://localhost");
    let path;
    try {
      path = normalize(decodeURIComponent(url.pathname));
    } catch {
      res.writeHead(400, { "content-type": "text/plain" }).end("bad path");
      return;
    }
    if (path.endsWith("/")) path += "index.html";
    const file = join(root, path);
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    const accepted = acceptedEncodings(req.headers["accept-encoding"]);
    try {
      const { data, encoding } = await body(file, accepted);
      const headers = {
        "content-type": TYPES[extname(file)] ?? "application/octet-stream",
        "cache-control": "no-cache",
        vary: "accept-encoding",
      };
      if (encoding) headers["content-encoding"] = encoding;
      res.writeHead(200, headers);
      res.end(data);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
  });
  return new Promise((ok) => server.listen(port, "127.0.0.1", () => ok(server)));
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [dir, port = "8080"] = process.argv.slice(2);
  const server = await serve(dir, Number(port));
  console.log(`The birth-registration form: http://localhost:${server.address().port}/ (Ctrl+C to stop)`);
}
