/** What a path opens: a project or a dataset, or why neither (files the OS hands over, dropped folders). */
import { stat } from 'node:fs/promises';
import nodePath from 'node:path';
import { isDatasetName, projectFolderSuffix, type OpenTarget } from '../../shared/ipc/app';
import { projectFileName } from './project-file';

const isFile = (file: string) => stat(file).then((info) => info.isFile(), () => false);
const unsupported = (path: string, message: string): OpenTarget => ({ kind: 'unsupported', path, message });

/**
 * What a path opens: a folder holding project.json, a folder named `*.anomalylens` or a project.json
 * itself is a project (its folder); a CSV, TSV, text or Parquet file is a dataset for the Data step.
 */
export async function classifyOpenPath(input: string): Promise<OpenTarget> {
  const file = nodePath.resolve(input);
  const name = nodePath.basename(file);
  const info = await stat(file).catch(() => null);
  if (!info) return unsupported(file, `${file} does not exist: it was moved or deleted.`);
  if (info.isDirectory()) {
    if (name.toLowerCase().endsWith(projectFolderSuffix) || (await isFile(nodePath.join(file, projectFileName)))) {
      return { kind: 'project', path: file, message: null };
    }
    return unsupported(file, `${name} is a folder without ${projectFileName}: open a project folder, or a CSV, TSV or Parquet file.`);
  }
  if (!info.isFile()) return unsupported(file, `${file} is not a regular file: open a CSV, TSV or Parquet file, or a project folder.`);
  if (name === projectFileName) return { kind: 'project', path: nodePath.dirname(file), message: null };
  if (isDatasetName(name)) return { kind: 'dataset', path: file, message: null };
  return unsupported(file, `Anomaly Lens opens CSV, TSV, text (.txt) and Parquet files and project folders; ${name} is none of these.`);
}
