import { randomBytes } from 'node:crypto';
import { copyFile, link, mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** Marks a file or folder still being written beside its final name; a save sweeps these away. */
export const partialMarker = '.partial-';

const partialName = (target: string) => `${target}${partialMarker}${randomBytes(6).toString('hex')}`;

/**
 * Makes a rename inside `dir` survive a power cut (POSIX: the directory entry is data of its own).
 * Windows cannot open a directory for syncing; NTFS journals the rename itself.
 */
export async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  await handle.sync().finally(() => handle.close());
}

async function syncFile(file: string): Promise<void> {
  const handle = await open(file, 'r+');
  await handle.sync().finally(() => handle.close());
}

/** Write to a temp file beside the target, fsync, then rename: a crash leaves the old file or the new one, never half. */
export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temp, target);
  await syncDirectory(path.dirname(target));
}

/**
 * Lets `fill` write a folder under a temporary name beside `target`, syncs every file in it, then
 * renames it into place: a reader finds the whole folder or none. `target` must not exist yet.
 */
export async function writeFolderAtomic(target: string, fill: (folder: string) => Promise<void>): Promise<void> {
  const partial = partialName(target);
  await mkdir(partial, { recursive: true });
  try {
    await fill(partial);
    await syncTree(partial);
    await rename(partial, target);
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    throw error;
  }
  await syncDirectory(path.dirname(target));
}

async function syncTree(folder: string): Promise<void> {
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const child = path.join(folder, entry.name);
    if (entry.isDirectory()) await syncTree(child);
    else if (entry.isFile()) await syncFile(child);
  }
  await syncDirectory(folder);
}

/**
 * Copies a folder of files that are never rewritten in place (a stored dataset, a run) as one
 * atomic folder. Files are hard-linked where the two folders share a disk (no bytes copied: both
 * names point at the same immutable data) and copied where they do not.
 */
export async function copyFolderAtomic(source: string, target: string): Promise<void> {
  await writeFolderAtomic(target, async (folder) => copyTree(source, folder));
}

async function copyTree(source: string, target: string): Promise<void> {
  for (const entry of await readdir(source, { withFileTypes: true })) {
    const from = path.join(source, entry.name);
    const to = path.join(target, entry.name);
    if (entry.isDirectory()) {
      await mkdir(to);
      await copyTree(from, to);
    } else if (entry.isFile()) {
      await link(from, to).catch(() => copyFile(from, to));
    }
  }
}

/** Removes what a killed save left behind under `dir`: temp files and partial folders. */
export async function removePartials(dir: string): Promise<void> {
  const entries = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(
    entries.filter((name) => name.includes(partialMarker) || name.endsWith('.tmp')).map((name) => rm(path.join(dir, name), { recursive: true, force: true })),
  );
}
