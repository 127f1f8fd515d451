// Electron's runtime is downloaded by its own installer, which npm 11 does not run for us (see
// allowScripts). Run it here and tolerate failure: without the runtime, `npm start` opens web mode.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let installer;
try {
  installer = require.resolve('electron/install.js');
} catch {
  process.exit(0);
}
const electronDir = installer.replace(/install\.js$/, '');
if (existsSync(`${electronDir}path.txt`)) process.exit(0);
const result = spawnSync(process.execPath, [installer], { stdio: 'pipe', timeout: 120_000 });
if (result.status !== 0) {
  console.log('Electron runtime could not be downloaded: npm start will open web mode');
}
