// `npm start`: the desktop app where Electron's runtime is installed, web mode where it is not.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    const binary = require('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
const args = process.argv.slice(2);
const child = binary
  ? spawn(binary, ['dist/main/electron-main.cjs', ...args], { stdio: 'inherit' })
  : (console.log('Electron runtime not installed (its download was blocked): starting web mode instead'),
    spawn(process.execPath, ['dist/main/web.cjs', ...args], { stdio: 'inherit' }));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
