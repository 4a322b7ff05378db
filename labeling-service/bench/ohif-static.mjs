// Serves the same OHIF build the labeling-service serves at /viewer/ (labeling-service/target/ohif/dist)
// from a loopback static server, with the same headers as Radflow's ViewerRoutes (hashed bundles
// cached for a year, index.html and app-config.js revalidated, cross-origin isolation headers), an
// app-config.js whose DICOMweb root is ROOT on this origin, and ROOT/* proxied to UPSTREAM over
// keep-alive connections (Host passed through, so BulkDataURIs point back here). Used by
// bin/dicomweb-benchmark to put OHIF in front of Orthanc, which serves neither OHIF nor CORS.
// usage: node ohif-static.mjs PORT DIST_DIR UPSTREAM_ORIGIN ROOT   e.g. 18983 dist http://127.0.0.1:18982 /dicom-web
import { createServer, request, Agent } from 'node:http';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';

const [port, dist, upstream, root] = process.argv.slice(2);
if (!root) {
  console.error('usage: node ohif-static.mjs PORT DIST_DIR UPSTREAM_ORIGIN ROOT');
  process.exit(2);
}
const up = new URL(upstream);
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
const TYPES = {
  '.html': 'text/html; charset=UTF-8', '.js': 'application/javascript; charset=UTF-8',
  '.mjs': 'application/javascript; charset=UTF-8', '.css': 'text/css; charset=UTF-8',
  '.json': 'application/json', '.wasm': 'application/wasm', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.ico': 'image/x-icon', '.woff': 'font/woff', '.woff2': 'font/woff2',
  '.ttf': 'font/ttf', '.map': 'application/json', '.txt': 'text/plain; charset=UTF-8',
  '.webmanifest': 'application/manifest+json', '.gz': 'application/gzip',
};
// Radflow's app-config.js, pointed at ROOT on this origin; Orthanc's DICOMweb plugin gets the
// options the Orthanc book recommends for it (no includefield list, no fuzzy matching, thumbnails
// rendered by the viewer from WADO-RS frames: 'wadors', whatever Radflow's file asks of Radflow).
const radflowConfig = readFileSync(join(dist, 'app-config.js'), 'utf8');
const appConfig = radflowConfig
  .replace("window.location.origin + '/dicomweb'", `window.location.origin + '${root}'`)
  .replace('qidoSupportsIncludeField: true', 'qidoSupportsIncludeField: false')
  .replace('supportsFuzzyMatching: true', 'supportsFuzzyMatching: false')
  .replace(/thumbnailRendering: '[a-zA-Z]+'/, "thumbnailRendering: 'wadors'")
  .replace(/\n\s*thumbnailRequestStrategy: '[a-zA-Z]+',/, '');
if (appConfig === radflowConfig || !appConfig.includes(`'${root}'`)) {
  console.error('ohif-static: app-config.js of the dist does not have the expected DICOMweb root');
  process.exit(1);
}

function isolation(headers) {
  headers['cross-origin-opener-policy'] = 'same-origin';
  headers['cross-origin-embedder-policy'] = 'require-corp';
  headers['cross-origin-resource-policy'] = 'cross-origin';
  return headers;
}

function proxy(req, res) {
  const p = request(
    { host: up.hostname, port: up.port, method: req.method, path: req.url, headers: req.headers, agent },
    (r) => {
      res.writeHead(r.statusCode, isolation({ ...r.headers }));
      r.pipe(res);
    },
  );
  p.on('error', (e) => {
    res.writeHead(502, { 'content-type': 'text/plain' });
    res.end(String(e));
  });
  req.pipe(p);
}

function viewer(req, res) {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (path === '/viewer') {
    res.writeHead(302, { location: '/viewer/' });
    return res.end();
  }
  let rel = normalize(path.slice('/viewer/'.length));
  if (rel.startsWith('..')) {
    res.writeHead(403);
    return res.end();
  }
  const last = rel.slice(rel.lastIndexOf('/') + 1);
  const revalidate = rel === '.' || rel === '' || rel.endsWith('.html') || last === 'app-config.js'
    || last === 'sw.js' || !last.includes('.');
  const headers = isolation({ 'cache-control': revalidate ? 'no-cache' : 'public, max-age=31536000, immutable' });
  if (last === 'app-config.js') {
    headers['content-type'] = TYPES['.js'];
    res.writeHead(200, headers);
    return res.end(appConfig);
  }
  let file = join(dist, rel === '.' ? 'index.html' : rel);
  let st;
  try {
    st = statSync(file);
    if (st.isDirectory()) {
      file = join(file, 'index.html');
      st = statSync(file);
    }
  } catch {
    if (last.includes('.')) {
      res.writeHead(404, headers);
      return res.end();
    }
    file = join(dist, 'index.html'); // the viewer's own routes
    st = statSync(file);
  }
  headers['content-type'] = TYPES[extname(file)] || 'application/octet-stream';
  headers['content-length'] = st.size;
  headers['last-modified'] = st.mtime.toUTCString();
  if (req.headers['if-modified-since'] === headers['last-modified']) {
    res.writeHead(304, headers);
    return res.end();
  }
  res.writeHead(200, headers);
  if (req.method === 'HEAD') return res.end();
  createReadStream(file).pipe(res);
}

createServer((req, res) => {
  if (req.url.startsWith(root + '/') || req.url === root) return proxy(req, res);
  if (req.url.startsWith('/viewer')) return viewer(req, res);
  res.writeHead(404);
  res.end();
}).listen(Number(port), '127.0.0.1', () => console.log(`READY ohif-static on 127.0.0.1:${port} -> ${upstream}${root}`));
