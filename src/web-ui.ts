import type { NestExpressApplication } from '@nestjs/platform-express';
import { static as serveStatic, type NextFunction, type Request, type Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The built web UI (Vite → dist/web): dist/src/… runs beside it; tests run from src/ against a build in dist/web.
 * Without a build the API still serves, and `/` says how to build the UI.
 */
export function findWebRoot(): string | undefined {
  return [join(__dirname, '..', 'web'), join(__dirname, '..', 'dist', 'web')].find(
    (dir) => existsSync(join(dir, 'index.html')) && existsSync(join(dir, 'assets')),
  );
}

/** Paths the server answers itself, never with the UI's page: the API and Prometheus's /metrics. */
const SERVER_PATHS = /^\/(api|metrics)(\/|$)/;

/** Serves the UI at `/`: hashed assets cached for good, every other path gets index.html (client-side routes). */
export function serveWebUi(app: NestExpressApplication, root: string | undefined): void {
  const isPage = (req: Request) => (req.method === 'GET' || req.method === 'HEAD') && !SERVER_PATHS.test(req.path);
  if (!root) {
    app.use((req: Request, res: Response, next: NextFunction) => {
      if (!isPage(req) || req.path !== '/') return next();
      res.type('text/plain; charset=utf-8').send('keshikomi API: /api/docs — the web UI is not built (npm run build).\n');
    });
    return;
  }
  // An asset that is gone (an old page after a release) is a 404, not the page in its place.
  app.use('/assets', serveStatic(join(root, 'assets'), { immutable: true, maxAge: '365d' }), (_req: Request, res: Response) => {
    res.status(404).type('text/plain; charset=utf-8').send('Not Found\n');
  });
  app.use(serveStatic(root, { index: false, maxAge: 0 }));
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!isPage(req)) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(join(root, 'index.html'));
  });
}
