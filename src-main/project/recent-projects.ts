import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { projectInfoSchema, type ProjectInfo, type RecentProject } from '../../shared/ipc/projects';
import { writeFileAtomic } from './atomic-write';
import { projectFileName } from './project-file';

/** How many projects the list keeps: a File menu's worth. */
const keep = 12;

const recentFileSchema = z.object({ format: z.literal('anomaly-lens-recent-projects'), projects: z.array(projectInfoSchema) });

/** The projects saved or opened lately, kept in the workspace (one list per machine, not per project). */
export class RecentProjects {
  /** changes one at a time: two read-modify-writes at once would lose one */
  private changing: Promise<unknown> = Promise.resolve();

  constructor(private readonly file: string) {}

  private change(next: (projects: ProjectInfo[]) => ProjectInfo[]): Promise<void> {
    const done = this.changing.then(async () => this.write(next(await this.read())));
    this.changing = done.catch(() => undefined);
    return done;
  }

  private async read(): Promise<ProjectInfo[]> {
    const text = await readFile(this.file, 'utf8').catch(() => null);
    if (text === null) return [];
    try {
      return recentFileSchema.parse(JSON.parse(text)).projects;
    } catch {
      // a damaged list is a lost convenience, never a reason the app cannot start
      return [];
    }
  }

  private async write(projects: ProjectInfo[]): Promise<void> {
    await writeFileAtomic(this.file, `${JSON.stringify({ format: 'anomaly-lens-recent-projects', projects }, null, 1)}\n`);
  }

  /** Newest first; a project whose folder is gone stays listed, marked unavailable. */
  async list(): Promise<RecentProject[]> {
    const projects = await this.read();
    return Promise.all(
      projects.map(async (project) => ({
        ...project,
        available: await stat(path.join(project.dir, projectFileName)).then((info) => info.isFile(), () => false),
      })),
    );
  }

  add(project: ProjectInfo): Promise<void> {
    return this.change((projects) => [project, ...projects.filter((entry) => entry.dir !== project.dir)].slice(0, keep));
  }

  async forget(dir: string): Promise<RecentProject[]> {
    const resolved = path.resolve(dir);
    await this.change((projects) => projects.filter((entry) => entry.dir !== resolved));
    return this.list();
  }

  clear(): Promise<void> {
    return this.change(() => []);
  }
}
