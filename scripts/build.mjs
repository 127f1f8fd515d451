// Builds the renderer with Vite and bundles every main-side entry with esbuild. Dependencies stay
// external so native modules (DuckDB, tfjs-node) load from node_modules at run time.
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';

const quiet = process.argv.includes('--quiet');
const mainOnly = process.argv.includes('--main-only');

const entries = {
  'electron-main': 'src-main/electron/main.ts',
  cli: 'src-main/cli.ts',
  web: 'src-main/web.ts',
  compute: 'src-main/jobs/compute-entry.ts',
  bench: 'src-main/bench.ts',
};

await esbuild({
  entryPoints: entries,
  outdir: 'dist/main',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  // Sources are ES modules (vitest runs them as such); the bundles are CommonJS.
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__importMetaUrl' },
  logLevel: quiet ? 'error' : 'info',
});

// The sandboxed preload may only require 'electron': bundle everything else into it.
await esbuild({
  entryPoints: { preload: 'src-main/electron/preload.ts' },
  outdir: 'dist/main',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['electron'],
  logLevel: quiet ? 'error' : 'info',
});

if (!mainOnly) {
  await viteBuild({ configFile: 'vite.config.ts', logLevel: quiet ? 'error' : 'info' });
}
