/**
 * Static checks of the Electron entry's wiring, read from the source with the TypeScript parser
 * (main.ts cannot run without the Electron runtime): the scheme is registered before ready, the
 * session is locked down before the window exists, the IPC sender check uses the app origin, and
 * every BrowserWindow anywhere in src-main/electron gets its webPreferences from the policy.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const dir = path.resolve('src-main/electron');
const sources = readdirSync(dir)
  .filter((name) => name.endsWith('.ts') && !name.endsWith('.spec.ts'))
  .map((name) => ts.createSourceFile(name, readFileSync(path.join(dir, name), 'utf8'), ts.ScriptTarget.Latest, true));
const main = sources.find((source) => source.fileName === 'main.ts')!;

interface Call {
  name: string;
  node: ts.CallExpression;
  /** the innermost function around the call, or the file for a top-level call */
  scope: ts.Node;
}

function calls(source: ts.SourceFile): Call[] {
  const found: Call[] = [];
  const visit = (node: ts.Node, scope: ts.Node) => {
    const inner = ts.isFunctionLike(node) ? node : scope;
    if (ts.isCallExpression(node)) found.push({ name: node.expression.getText(source), node, scope });
    node.forEachChild((child) => visit(child, inner));
  };
  visit(source, source);
  return found;
}

const mainCalls = calls(main);
const only = (name: string): Call => {
  const matching = mainCalls.filter((call) => call.name === name);
  expect(matching, `${name}() in main.ts`).toHaveLength(1);
  return matching[0]!;
};

describe('main.ts wiring', () => {
  const ready = only('app.whenReady');

  it('registers app:// and the web-contents guard when the module loads, before app.whenReady()', () => {
    for (const name of ['registerAppScheme', 'guardAllWebContents']) {
      const call = only(name);
      // at the top level, or in the same function as whenReady and before it: never in a callback
      const early = call.scope === main || (call.scope === ready.scope && call.node.pos < ready.node.pos);
      expect(early, `${name}() runs before ready`).toBe(true);
    }
  });

  it('denies permissions and serves app:// right after ready, before it creates the window', () => {
    const window = only('createSecureWindow');
    for (const name of ['denyAllPermissions', 'serveAppProtocol']) {
      const call = only(name);
      expect(call.scope, `${name}() is called directly after whenReady, not in a callback`).toBe(ready.scope);
      expect(call.node.pos).toBeGreaterThan(ready.node.pos);
      expect(call.node.pos, `${name}() before createSecureWindow()`).toBeLessThan(window.node.pos);
    }
  });

  it('creates the window from the preload path only (the factory loads app://lens/index.html itself)', () => {
    const window = only('createSecureWindow');
    expect(window.node.arguments).toHaveLength(1);
    expect(window.node.arguments[0]!.getText(main)).toMatch(/preload\.cjs/);
  });

  it('lets only frames on the app origin call the host', () => {
    const handle = mainCalls.find((call) => call.name === 'ipcMain.handle' && call.node.arguments[0]?.getText(main) === "'lens:invoke'");
    expect(handle, "ipcMain.handle('lens:invoke', …)").toBeDefined();
    const handler = handle!.node.arguments[1]!;
    const inside = calls(main).filter((call) => call.node.pos >= handler.pos && call.node.end <= handler.end);
    const check = inside.find((call) => call.name === 'isAppFrameUrl');
    expect(check, 'the handler calls isAppFrameUrl').toBeDefined();
    expect(check!.node.arguments[0]!.getText(main)).toMatch(/url|senderFrame/);
    expect(main.text).not.toMatch(/file:\/\//);
  });
});

describe('every window in src-main/electron', () => {
  const windows = sources.flatMap((source) => {
    const found: Array<{ file: string; node: ts.NewExpression }> = [];
    const visit = (node: ts.Node) => {
      if (ts.isNewExpression(node) && node.expression.getText(source) === 'BrowserWindow') found.push({ file: source.fileName, node });
      node.forEachChild(visit);
    };
    visit(source);
    return found;
  });

  it('is made in window.ts or print-pdf.ts, with webPreferences from the security policy', () => {
    expect(windows.map((w) => w.file).sort()).toEqual(['print-pdf.ts', 'window.ts']);
    for (const { file, node } of windows) {
      const options = node.arguments?.[0];
      expect(options && ts.isObjectLiteralExpression(options), file).toBe(true);
      const prefs = (options as ts.ObjectLiteralExpression).properties.find((p) => p.name?.getText() === 'webPreferences');
      expect(prefs && ts.isPropertyAssignment(prefs), `${file}: webPreferences`).toBe(true);
      const value = (prefs as ts.PropertyAssignment).initializer;
      expect(ts.isCallExpression(value) && ['secureWebPreferences', 'printWebPreferences'].includes(value.expression.getText()), file).toBe(true);
    }
  });

  it('never loosens a webPreference or loads the app from a file', () => {
    for (const source of sources) {
      expect(source.text, source.fileName).not.toMatch(/(nodeIntegration\w*|webviewTag|allowRunningInsecureContent|experimentalFeatures)\s*:\s*true/);
      expect(source.text, source.fileName).not.toMatch(/(contextIsolation|sandbox|webSecurity)\s*:\s*false/);
      expect(source.text, source.fileName).not.toMatch(/\b(enableBlinkFeatures|bypassCSP|corsEnabled|allowServiceWorkers)\s*:\s*(true|['"`])/);
    }
    const window = sources.find((source) => source.fileName === 'window.ts')!;
    expect(window.text).not.toMatch(/loadFile\(/);
  });

  it('opens external links in one place only, window.ts, where externalUrl() has parsed them', () => {
    const opening = sources.filter((source) => calls(source).some((call) => /(^|\.)openExternal$/.test(call.name)));
    expect(opening.map((source) => source.fileName), 'call shell.openExternal only through window.ts (externalUrl)').toEqual(['window.ts']);
    const window = opening[0]!;
    const open = calls(window).find((call) => /(^|\.)openExternal$/.test(call.name))!;
    expect(calls(window).some((call) => call.name === 'externalUrl' && call.scope === open.scope && call.node.pos < open.node.pos)).toBe(true);
  });
});
