import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const mapsDir = fileURLToPath(new URL('../maps', import.meta.url));

/** The maps folder's .tmj files with their display names (the map's "name" property, else the file name). */
function mapIndex(): { file: string; name: string }[] {
  if (!existsSync(mapsDir)) return [];
  return readdirSync(mapsDir)
    .filter((f) => f.endsWith('.tmj'))
    .sort()
    .map((file) => {
      let name = file.replace(/\.tmj$/, '');
      try {
        const json = JSON.parse(readFileSync(join(mapsDir, file), 'utf8'));
        const prop = Array.isArray(json.properties)
          ? json.properties.find((p: { name?: string }) => p.name === 'name')
          : null;
        if (typeof prop?.value === 'string') name = prop.value;
      } catch {
        // A broken map is the server's to report; the client lists it by file name.
      }
      return { file, name };
    });
}

/**
 * Ships the maps with the client (dist/client/maps/*.tmj and an index.json
 * naming them), so the page can draw the map the room plays on; the dev
 * server serves them from the maps folder directly.
 */
function maps(): Plugin {
  return {
    name: 'liquid-metal-maps',
    configureServer(server) {
      server.middlewares.use('/maps', (req, res, next) => {
        const path = (req.url ?? '/').split('?')[0];
        if (path === '/index.json') {
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify(mapIndex()));
          return;
        }
        const file = path.replace(/^\//, '');
        if (!/^[\w.-]+\.tmj$/.test(file) || !existsSync(join(mapsDir, file))) return next();
        res.setHeader('content-type', 'application/json');
        res.end(readFileSync(join(mapsDir, file)));
      });
    },
    generateBundle() {
      const index = mapIndex();
      for (const m of index) {
        this.emitFile({
          type: 'asset',
          fileName: `maps/${m.file}`,
          source: readFileSync(join(mapsDir, m.file)),
        });
      }
      this.emitFile({ type: 'asset', fileName: 'maps/index.json', source: JSON.stringify(index) });
    },
  };
}

/** The symbol face's licence (SIL OFL 1.1) travels with the font files it covers (ui/symbols.css). */
function fontLicence(): Plugin {
  const licence = fileURLToPath(
    new URL('../node_modules/@fontsource/noto-sans-symbols-2/LICENSE', import.meta.url),
  );
  return {
    name: 'liquid-metal-font-licence',
    generateBundle() {
      this.emitFile({
        type: 'asset',
        fileName: 'assets/noto-sans-symbols-2-LICENSE.txt',
        source: readFileSync(licence),
      });
    },
  };
}

/**
 * The client bundle: `npm run build:client` writes dist/client, which the
 * game server serves at `/`. `npx vite --config client/vite.config.ts` runs a
 * dev server; point it at a game server with `?server=ws://localhost:2567`.
 */
export default defineConfig({
  root,
  base: './',
  publicDir: 'public',
  plugins: [maps(), fontLicence()],
  build: {
    outDir: fileURLToPath(new URL('../dist/client', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
  server: { fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] } },
});
