/**
 * The installers cannot be built here (Electron's runtime cannot be downloaded), so this checks the
 * parts of `npm run dist` that can go wrong before that: electron-builder.yml against
 * electron-builder's own schema and file matcher, the fuse hook on stand-in binaries, the icons, and
 * a real Linux `dir` pack around a stand-in Electron.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { listPackage } from '@electron/asar';
import type { Configuration, FileAssociation } from 'app-builder-lib';
import { getFileMatchers } from 'app-builder-lib/out/fileMatcher.js';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { resolveFunction } from 'app-builder-lib/out/util/resolve.js';
import { DebugLogger } from 'builder-util';
import { Arch } from 'electron-builder';
import { sampleFileName } from '../host/paths';

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const configFile = 'electron-builder.yml';

const loadConfig = () => getConfig(projectDir, configFile, null);

const temporaryDirs: string[] = [];
function temporaryDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lens-packaging-'));
  temporaryDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temporaryDirs) rmSync(dir, { recursive: true, force: true });
});

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own schema, which rejects a broken copy', async () => {
    const config = await loadConfig();
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();

    const misspelt = { ...config, mac: { ...config.mac, fileAssociation: config.mac?.fileAssociations } };
    await expect(validateConfiguration(misspelt as Configuration, new DebugLogger(false))).rejects.toThrow(/configuration\.mac/);
  });

  it('builds the installers the issue asks for, as Anomaly Lens', async () => {
    const config = await loadConfig();
    expect(config.appId).toBe('org.anomalylens.app');
    expect(config.productName).toBe('Anomaly Lens');
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.win?.target).toBe('nsis');
    expect(config.mac?.target).toEqual([{ target: 'dmg', arch: ['x64', 'arm64'] }]);
    expect(config.asar).toBe(true);
    // a deb package refuses to build without a homepage and a maintainer's email
    const pkg = JSON.parse(readFileSync(path.join(projectDir, 'package.json'), 'utf8'));
    expect(pkg.homepage).toMatch(/^https:\/\//);
    expect(pkg.author.email).toMatch(/^[^@\s]+@[^@\s]+$/);
  });

  it('points every platform at an icon the icon script generates', async () => {
    const config = await loadConfig();
    expect(config.linux?.icon).toBe('assets/icons');
    expect(existsSync(path.join(projectDir, 'assets/icons/512x512.png'))).toBe(true);
    for (const icon of [config.win?.icon, config.mac?.icon]) {
      expect(icon).toMatch(/^assets\/icon\.(ico|icns)$/);
      expect(existsSync(path.join(projectDir, icon!))).toBe(true);
    }
  });

  it('opens Anomaly Lens projects and offers itself for CSV/TSV without taking them over', async () => {
    const config = await loadConfig();
    const shared = config.fileAssociations as FileAssociation[];
    expect(shared).toEqual([expect.objectContaining({ ext: 'anomalylens', name: 'Anomaly Lens project', role: 'Editor', isPackage: true })]);

    const macTables = (config.mac?.fileAssociations as FileAssociation[]).find((association) => association.ext.includes('csv'));
    expect(macTables).toMatchObject({ ext: ['csv', 'tsv'], role: 'Viewer', rank: 'Alternate' });
    expect(config.linux?.mimeTypes).toEqual(expect.arrayContaining(['text/csv', 'text/tab-separated-values']));
    // NSIS fileAssociations would make the app the default for .csv; the include only adds "Open with".
    const windowsTables = [...shared, ...((config.win?.fileAssociations as FileAssociation[] | undefined) ?? [])];
    expect(windowsTables.flatMap((association) => association.ext)).not.toContain('csv');
    const include = readFileSync(path.join(projectDir, config.nsis!.include!), 'utf8');
    expect(include).toMatch(/WriteRegNone SHELL_CONTEXT "Software\\Classes\\\.csv\\OpenWithProgids" "AnomalyLens\.Table"/);
    expect(include).not.toMatch(/WriteRegStr SHELL_CONTEXT "Software\\Classes\\\.(csv|tsv)"/);
  });

  it('ships the sample data as an extra resource and leaves maps and tests out', async () => {
    const config = await loadConfig();
    expect(config.extraResources).toEqual([{ from: 'assets', to: 'assets', filter: ['sample/**/*'] }]);
    // getConfig turns the list into file sets
    const patterns = [config.files].flat().flatMap((entry) => (typeof entry === 'string' ? [entry] : [entry?.filter ?? []].flat()));
    expect(patterns).toEqual(expect.arrayContaining(['dist/main/**/*', '!**/*.map', '!**/*.spec.{ts,js,cjs,mjs}', '!**/{.scratch,test-results}{,/**/*}']));
    expect(patterns).not.toContain('dist/**/*');
  });
});

/** The folders of the production dependency tree as installed, each found the way Node finds it. */
function productionPackageDirs(): Set<string> {
  const found = new Set<string>();
  const dependenciesOf = (dir: string): string[] => {
    const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    return Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies });
  };
  const installedDir = (name: string, fromDir: string): string | null => {
    for (let dir = fromDir; dir.startsWith(projectDir); dir = path.dirname(dir)) {
      const candidate = path.join(dir, 'node_modules', name);
      if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    }
    return null;
  };
  const queue = [projectDir];
  while (queue.length > 0) {
    const dir = queue.pop()!;
    for (const name of dependenciesOf(dir)) {
      const installed = installedDir(name, dir);
      // optional dependencies for other platforms are not installed
      if (!installed || found.has(installed)) continue;
      found.add(installed);
      queue.push(installed);
    }
  }
  return found;
}

/** Every file of a package, leaving out the packages nested in its own node_modules. */
function filesOf(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : filesOf(full);
    return entry.isFile() ? [full] : [];
  });
}

const isNative = (file: string) => file.endsWith('.node') || path.basename(file) === 'binding.gyp';
const nativePackageDirs = () => [...productionPackageDirs()].filter((dir) => filesOf(dir).some(isNative));
const fromProject = (file: string) => path.relative(projectDir, file).split(path.sep).join('/');

describe('native modules', () => {
  // electron-builder's own matcher for asarUnpack, as each platform's packager builds it.
  async function isUnpackedOn(platform: 'linux' | 'win' | 'mac') {
    const config = await loadConfig();
    const [matcher] = getFileMatchers(config, 'asarUnpack', '/app', {
      macroExpander: (pattern) => pattern,
      customBuildOptions: config[platform] ?? {},
      globalOutDir: path.join(projectDir, 'release'),
      defaultSrc: projectDir,
    })!;
    const filter = matcher.createFilter();
    return (file: string) => filter(file, existsSync(file) ? statSync(file) : statSync(path.join(projectDir, 'package.json')));
  }

  it('finds the installed native modules (DuckDB’s binding at least)', () => {
    expect(nativePackageDirs().map(fromProject)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^node_modules\/@duckdb\/node-bindings-/)]),
    );
  });

  it.each(['linux', 'win', 'mac'] as const)('unpacks every file of every native module from the asar on %s', async (platform) => {
    const isUnpacked = await isUnpackedOn(platform);
    // a shared library beside the .node file (libduckdb.so, libtensorflow.so) must be unpacked too
    const packed = nativePackageDirs().flatMap(filesOf).filter((file) => !isUnpacked(file));
    expect(packed.map(fromProject)).toEqual([]);

    // tfjs-node and -gpu are optional and usually absent here, but their binaries must unpack too
    for (const name of ['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu']) {
      expect(isUnpacked(path.join(projectDir, 'node_modules', name, 'lib/napi-v8/tfjs_binding.node'))).toBe(true);
      expect(isUnpacked(path.join(projectDir, 'node_modules', name, 'deps/lib/libtensorflow.so.2'))).toBe(true);
    }
    const wasmDir = path.join(projectDir, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
    const wasmFiles = readdirSync(wasmDir).filter((name) => name.endsWith('.wasm'));
    expect(wasmFiles.length).toBeGreaterThan(0);
    for (const name of wasmFiles) expect(isUnpacked(path.join(wasmDir, name))).toBe(true);

    // the matcher is selective: plain JavaScript stays in the archive
    expect(isUnpacked(path.join(projectDir, 'node_modules/zod/package.json'))).toBe(false);
    expect(isUnpacked(path.join(projectDir, 'dist/main/electron-main.cjs'))).toBe(false);
  });
});

const sentinel = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
// Electron's own defaults, so every fuse the hook sets is seen to change:
// RunAsNode, CookieEncryption, NodeOptions, Inspect, AsarIntegrity, OnlyFromAsar, V8Snapshot, FileProtocol
const electronDefaultWire = '10110001';

/** Bytes shaped like an Electron binary's fuse wire: sentinel, wire version 1, length, states. */
function writeStandInElectron(file: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const wire = Buffer.concat([Buffer.from(sentinel), Buffer.from([1, electronDefaultWire.length]), Buffer.from(electronDefaultWire)]);
  writeFileSync(file, Buffer.concat([Buffer.from('\x7fELF stand-in '), wire, Buffer.from(' more code')]));
}

async function fuseStates(electronPath: string): Promise<Record<string, string>> {
  const wire = await getCurrentFuseWire(electronPath);
  const states: Record<string, string> = {};
  for (let index = 0; index < electronDefaultWire.length; index++) {
    states[FuseV1Options[index]!] = String.fromCharCode((wire as unknown as Record<number, number>)[index]!);
  }
  return states;
}

const hardened = {
  RunAsNode: '0',
  EnableCookieEncryption: '1',
  EnableNodeOptionsEnvironmentVariable: '0',
  EnableNodeCliInspectArguments: '0',
  OnlyLoadAppFromAsar: '1',
  LoadBrowserProcessSpecificV8Snapshot: '0',
  GrantFileProtocolExtraPrivileges: '0',
};

describe('afterPack fuse hook', () => {
  type AfterPack = (context: unknown) => Promise<void>;
  let afterPack: AfterPack;
  const packager = { executableName: 'anomaly-lens', appInfo: { productFilename: 'Anomaly Lens' } };

  beforeAll(async () => {
    // loaded from the config the way electron-builder loads it
    afterPack = await resolveFunction<AfterPack>(undefined, (await loadConfig()).afterPack as string, 'afterPack', projectDir);
  });

  it('hardens the Linux binary and leaves asar integrity off (Linux builds embed none)', async () => {
    const appOutDir = temporaryDir();
    const binary = path.join(appOutDir, 'anomaly-lens');
    writeStandInElectron(binary);
    await afterPack({ electronPlatformName: 'linux', appOutDir, arch: Arch.x64, packager });
    expect(await fuseStates(binary)).toEqual({ ...hardened, EnableEmbeddedAsarIntegrityValidation: '0' });
  });

  it('hardens the Windows binary and turns asar integrity validation on', async () => {
    const appOutDir = temporaryDir();
    const binary = path.join(appOutDir, 'Anomaly Lens.exe');
    writeStandInElectron(binary);
    await afterPack({ electronPlatformName: 'win32', appOutDir, arch: Arch.x64, packager });
    expect(await fuseStates(binary)).toEqual({ ...hardened, EnableEmbeddedAsarIntegrityValidation: '1' });
  });

  // the hook runs `codesign` only for arm64; a stand-in on PATH records whether it was asked to
  it.skipIf(process.platform === 'win32')('hardens the macOS framework and re-signs ad hoc on arm64 only', async () => {
    const toolDir = temporaryDir();
    const calls = path.join(toolDir, 'calls.txt');
    writeFileSync(path.join(toolDir, 'codesign'), `#!/bin/sh\necho "$@" >> "${calls}"\n`, { mode: 0o755 });
    const savedPath = process.env.PATH;
    process.env.PATH = `${toolDir}${path.delimiter}${savedPath}`;
    try {
      for (const arch of [Arch.x64, Arch.arm64]) {
        const appOutDir = temporaryDir();
        writeStandInElectron(path.join(appOutDir, 'Anomaly Lens.app/Contents/Frameworks/Electron Framework.framework/Electron Framework'));
        await afterPack({ electronPlatformName: 'darwin', appOutDir, arch, packager });
        expect(await fuseStates(path.join(appOutDir, 'Anomaly Lens.app'))).toEqual({ ...hardened, EnableEmbeddedAsarIntegrityValidation: '1' });
      }
    } finally {
      process.env.PATH = savedPath;
    }
    const signed = readFileSync(calls, 'utf8').trim().split('\n');
    expect(signed).toHaveLength(1);
    expect(signed[0]).toMatch(/^--sign - --force .*Anomaly Lens\.app$/);
  });
});

describe('icons', () => {
  const makeIcons = (...args: string[]) =>
    spawnSync(process.execPath, ['scripts/make-icons.mjs', '--check', ...args], { cwd: projectDir, encoding: 'utf8' });

  it('are up to date with assets/icon.svg', () => {
    const result = makeIcons();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('are reported stale, file by file, once the SVG changes', () => {
    const assets = temporaryDir();
    for (const name of ['icon.svg', 'icon.ico', 'icon.icns', 'icons']) {
      cpSync(path.join(projectDir, 'assets', name), path.join(assets, name), { recursive: true });
    }
    const svg = readFileSync(path.join(assets, 'icon.svg'), 'utf8');
    writeFileSync(path.join(assets, 'icon.svg'), svg.replace('#E69F00', '#CC0000'));
    const result = makeIcons('--assets', assets);
    expect(result.status).toBe(1);
    for (const name of ['icons/16x16.png', 'icons/1024x1024.png', 'icon.ico', 'icon.icns']) expect(result.stderr).toContain(name);
  });
});

describe('a Linux dir build around a stand-in Electron', () => {
  let appOutDir: string;
  let asarEntries: Set<string>;

  beforeAll(() => {
    // electronDist replaces the download; npmRebuild off because a rebuild would fetch Electron's headers
    const electronDist = temporaryDir();
    writeStandInElectron(path.join(electronDist, 'electron'));
    writeFileSync(path.join(electronDist, 'version'), JSON.parse(readFileSync(path.join(projectDir, 'node_modules/electron/package.json'), 'utf8')).version);
    const output = temporaryDir();
    const cli = path.join(projectDir, 'node_modules/electron-builder/cli.js');
    const build = spawnSync(
      process.execPath,
      [cli, '--config', configFile, '--linux', 'dir', `-c.electronDist=${electronDist}`, '-c.npmRebuild=false', `-c.directories.output=${output}`],
      { cwd: projectDir, encoding: 'utf8' },
    );
    if (build.status !== 0) throw new Error(`electron-builder failed:\n${build.stdout}\n${build.stderr}`);
    appOutDir = path.join(output, 'linux-unpacked');
    asarEntries = new Set(listPackage(path.join(appOutDir, 'resources/app.asar'), { isPack: false }).map((entry) => entry.replaceAll('\\', '/')));
  }, 120_000);

  it('packs the app bundles and no source maps or test fixtures', () => {
    for (const bundle of ['electron-main.cjs', 'preload.cjs', 'compute.cjs']) expect(asarEntries).toContain(`/dist/main/${bundle}`);
    expect([...asarEntries].filter((entry) => entry.endsWith('.map') || entry.startsWith('/dist/test'))).toEqual([]);
  });

  it('puts DuckDB’s binding and its library beside the archive, where the loader can open them', () => {
    const bindings = readdirSync(path.join(appOutDir, 'resources/app.asar.unpacked/node_modules/@duckdb')).filter((name) => name.startsWith('node-bindings-'));
    expect(bindings.length).toBeGreaterThan(0);
    const files = readdirSync(path.join(appOutDir, 'resources/app.asar.unpacked/node_modules/@duckdb', bindings[0]!));
    expect(files).toContain('duckdb.node');
    expect(files.some((name) => /^libduckdb\.(so|dylib)$|^duckdb\.dll$/.test(name))).toBe(true);
  });

  it('ships the sample where src-main/host/paths.ts looks when packaged (<resources>/assets/sample)', () => {
    expect(existsSync(path.join(appOutDir, 'resources/assets/sample', sampleFileName))).toBe(true);
  });

  it('runs the afterPack hook on the packed binary', async () => {
    expect(await fuseStates(path.join(appOutDir, 'anomaly-lens'))).toEqual({ ...hardened, EnableEmbeddedAsarIntegrityValidation: '0' });
  });
});
