/**
 * A small static server for the built lesson site, on localhost only. It also understands the
 * addresses test feedback prints: `/lessons/<slug>.md#anchor` redirects to `/lessons/<slug>.html`
 * (the browser keeps the #anchor). With live reload on, pages reload after a rebuild.
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { UNIT_SLUG_IN_TEXT } from '../course/course';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.json': 'application/json; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** The address test feedback prints for a lesson, `/lessons/<slug>.md`. */
const LESSON_MD = new RegExp(`^/lessons/(${UNIT_SLUG_IN_TEXT.source})\\.md$`);

const RELOAD_PATH = '/__reload';
const RELOAD_SCRIPT = `<script>new EventSource('${RELOAD_PATH}').onmessage = () => location.reload();</script>`;

export interface SiteServer {
  url: string;
  port: number;
  /** tell open pages to reload (live reload only) */
  reload(): void;
  close(): Promise<void>;
}

export interface ServeOptions {
  port?: number;
  host?: string;
  liveReload?: boolean;
}

/** Map a request path to a file in `dir`, or undefined when it is outside or missing. */
export function resolveRequest(dir: string, urlPath: string): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(urlPath.split('?')[0]!.split('#')[0]!);
  } catch {
    return undefined;
  }
  const file = normalize(join(dir, path));
  if (file !== dir && !file.startsWith(dir.endsWith(sep) ? dir : dir + sep)) return undefined;
  if (existsSync(file) && statSync(file).isDirectory()) {
    const index = join(file, 'index.html');
    return existsSync(index) ? index : undefined;
  }
  return existsSync(file) ? file : undefined;
}

function notFound(res: ServerResponse, path: string): void {
  res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><meta charset="utf-8"><title>Not found</title><p>Nothing at <code>${path.replace(/[<>&"]/g, '')}</code>. <a href="/">Contents</a></p>`);
}

export function serveSite(dir: string, { port = 4173, host = '127.0.0.1', liveReload = false }: ServeOptions = {}): Promise<SiteServer> {
  const root = normalize(dir);
  const listeners = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (liveReload && url.pathname === RELOAD_PATH) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
      res.write(': connected\n\n');
      listeners.add(res);
      req.on('close', () => listeners.delete(res));
      return;
    }
    const lesson = LESSON_MD.exec(url.pathname);
    if (lesson && existsSync(join(root, 'lessons', `${lesson[1]}.html`))) {
      res.writeHead(301, { location: `/lessons/${lesson[1]}.html` });
      res.end();
      return;
    }
    const file = resolveRequest(root, url.pathname);
    if (!file) {
      notFound(res, url.pathname);
      return;
    }
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    if (liveReload && type.startsWith('text/html')) {
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache' });
      res.end(readFileSync(file, 'utf8').replace('</body>', `${RELOAD_SCRIPT}\n</body>`));
      return;
    }
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const actual = (server.address() as AddressInfo).port;
      resolve({
        url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${actual}/`,
        port: actual,
        reload: () => {
          for (const res of listeners) res.write('data: reload\n\n');
        },
        close: () =>
          new Promise<void>((done) => {
            for (const res of listeners) res.end();
            server.closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
  });
}
