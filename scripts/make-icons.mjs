// Renders assets/icon.svg into every icon file the installers need; the outputs are committed.
//   node scripts/make-icons.mjs           write assets/icons/<N>x<N>.png, assets/icon.ico, assets/icon.icns
//   node scripts/make-icons.mjs --check   write nothing; exit 1 naming each committed file that differs
//   --assets <dir>                        another assets folder (the test checks a changed copy)
// PNGs are kept byte for byte inside the .ico and .icns (raw mode) so no second PNG encoder can make
// the output differ between machines.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import { IconIco, IconIcns } from '@shockpkg/icon-encoder';

const defaultAssetsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../assets');

// electron-builder's Linux icon folder: one <N>x<N>.png per size.
const linuxSizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const icoSizes = [16, 24, 32, 48, 64, 128, 256];
// The modern ICNS set in iconutil's order; @2x entries are twice their nominal size.
const icnsEntries = [
  ['ic12', 64],
  ['ic07', 128],
  ['ic13', 256],
  ['ic08', 256],
  ['ic04', 16],
  ['ic14', 512],
  ['ic09', 512],
  ['ic05', 32],
  ['ic10', 1024],
  ['ic11', 32],
];

function renderPng(svg, size) {
  // No fonts: the icon has no text, and system fonts would make the output machine-dependent.
  const resvg = new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false } });
  return Buffer.from(resvg.render().asPng());
}

/** Every generated file as [path relative to the assets folder, bytes]. */
async function renderIcons(assetsDir = defaultAssetsDir) {
  const svg = await readFile(path.join(assetsDir, 'icon.svg'));
  const pngBySize = new Map();
  const pngOf = (size) => {
    if (!pngBySize.has(size)) pngBySize.set(size, renderPng(svg, size));
    return pngBySize.get(size);
  };

  const files = linuxSizes.map((size) => [`icons/${size}x${size}.png`, pngOf(size)]);

  const ico = new IconIco();
  for (const size of [...icoSizes].reverse()) await ico.addFromPng(pngOf(size), null, true);
  files.push(['icon.ico', Buffer.from(ico.encode())]);

  const icns = new IconIcns();
  icns.toc = true;
  for (const [type, size] of icnsEntries) await icns.addFromPng(pngOf(size), [type], true);
  files.push(['icon.icns', Buffer.from(icns.encode())]);

  return files;
}

async function readOrNull(file) {
  try {
    return await readFile(file);
  } catch {
    return null;
  }
}

async function main() {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const assetsIndex = args.indexOf('--assets');
  const assetsDir = assetsIndex >= 0 ? path.resolve(args[assetsIndex + 1]) : defaultAssetsDir;
  const files = await renderIcons(assetsDir);
  if (check) {
    const stale = [];
    for (const [name, bytes] of files) {
      const committed = await readOrNull(path.join(assetsDir, name));
      if (!committed || !committed.equals(bytes)) stale.push(path.relative(process.cwd(), path.join(assetsDir, name)));
    }
    if (stale.length > 0) {
      console.error(`Icons are out of date with icon.svg (run npm run icons):\n  ${stale.join('\n  ')}`);
      process.exit(1);
    }
    console.log(`${files.length} icon files match icon.svg`);
    return;
  }
  await mkdir(path.join(assetsDir, 'icons'), { recursive: true });
  for (const [name, bytes] of files) await writeFile(path.join(assetsDir, name), bytes);
  console.log(`wrote ${files.length} icon files from ${path.relative(process.cwd(), path.join(assetsDir, 'icon.svg'))}`);
}

await main();
