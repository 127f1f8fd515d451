// electron-builder afterPack hook: flips Electron's fuses in the packed binary before it is signed,
// turning off the ways a packaged app can be made to run someone else's code.
const path = require('node:path');
const { flipFuses, FuseVersion, FuseV1Options } = require('@electron/fuses');
const { Arch } = require('electron-builder');

/** Where electron-builder put the Electron binary (or, on macOS, the .app bundle) it just packed. */
function electronBinaryPath(context) {
  const { electronPlatformName, appOutDir, packager } = context;
  switch (electronPlatformName) {
    case 'linux':
      return path.join(appOutDir, packager.executableName);
    case 'win32':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.exe`);
    case 'darwin':
    case 'mas':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.app`);
    default:
      throw new Error(`after-pack: no Electron binary location known for platform ${electronPlatformName}`);
  }
}

function fuseConfig(context) {
  const isMac = context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas';
  // electron-builder embeds the asar integrity hash only in macOS and Windows builds; turning
  // validation on for Linux would make the app refuse to start.
  const hasEmbeddedAsarIntegrity = isMac || context.electronPlatformName === 'win32';
  return {
    version: FuseVersion.V1,
    // Safe to turn off: the compute process is started with utilityProcess.fork
    // (src-main/electron/main.ts), never as ELECTRON_RUN_AS_NODE; child_process.fork is used only by
    // the CLI and web mode, which run under plain Node, not the packaged binary.
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    // Also stops Playwright from attaching to an installed app; e2e tests run the unpacked Electron.
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.EnableCookieEncryption]: true,
    // Off: the renderer is served by the app:// protocol (src-main/electron/app-protocol.ts), and the
    // hidden PDF window's report page needs no file:// privileges (no script, no fetch).
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    ...(hasEmbeddedAsarIntegrity ? { [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true } : {}),
    // Flipping fuses breaks the ad-hoc signature that arm64 macOS needs before any binary may run.
    resetAdHocDarwinSignature: isMac && context.arch === Arch.arm64,
  };
}

async function afterPack(context) {
  await flipFuses(electronBinaryPath(context), fuseConfig(context));
}

module.exports = afterPack;
