import { execFileSync } from 'node:child_process';

/** Integration tests fork the built compute process and run the built CLI: build the main bundles once. */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs', '--main-only', '--quiet'], { stdio: 'inherit' });
}
