import { randomBytes } from 'node:crypto';

/** Short ids that are also safe as file and table names. */
export function newId(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
}
