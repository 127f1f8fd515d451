/**
 * The backend the compute process loads: a `--backend` flag of this launch, else the choice saved in
 * the workspace's settings.json, else `auto`. Applying a choice saves it and restarts the compute
 * process with it; which backends load here is probed once per session (again on request).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { BackendInfo } from '../../shared/ipc/app';
import { backendChoices, backendChoiceSchema, backendLabels, type BackendChoice, type BackendOption, type BackendSettings } from '../../shared/ipc/settings';
import { probeBackends, type Availability } from '../jobs/backend-probe';
import type { ComputeLaunch, ComputeTransport } from '../jobs/transport';
import { ladder, shortName, type Rung } from '../ml/backend-availability';
import { writeFileAtomic } from '../project/atomic-write';

export const settingsFileName = 'settings.json';

/** The workspace's settings file; keys other parts of the app may add later are kept on a write. */
const settingsFileSchema = z.looseObject({ backend: backendChoiceSchema.optional() });
type SettingsFile = z.infer<typeof settingsFileSchema>;

/** The rung a running backend's name stands for (BackendInfo names tfjs-node-gpu, tfjs-node, wasm, cpu). */
export function rungOf(info: BackendInfo | null): Rung | null {
  if (!info) return null;
  return ladder.find((rung) => shortName[rung] === info.name) ?? null;
}

export interface BackendSettingsDeps {
  workspaceDir: string;
  /** the `--backend` flag (or LENS_BACKEND) of this launch; null without one */
  flag: BackendChoice | null;
  spawn: (launch: ComputeLaunch) => ComputeTransport;
  log: (line: string) => void;
  probeTimeoutMs?: number;
}

export class BackendSettingsStore {
  private saved: BackendChoice | null = null;
  private file: SettingsFile = {};
  private flag: BackendChoice | null;
  private probed: Map<Rung, Availability> | null = null;
  private probing: Promise<Map<Rung, Availability>> | null = null;

  private constructor(private readonly deps: BackendSettingsDeps) {
    this.flag = deps.flag;
  }

  static async open(deps: BackendSettingsDeps): Promise<BackendSettingsStore> {
    const store = new BackendSettingsStore(deps);
    await store.read();
    return store;
  }

  get filePath(): string {
    return path.join(this.deps.workspaceDir, settingsFileName);
  }

  private async read(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.filePath, 'utf8');
    } catch {
      return; // no settings saved yet
    }
    try {
      const parsed = settingsFileSchema.safeParse(JSON.parse(text));
      if (parsed.success) {
        this.file = parsed.data;
        this.saved = parsed.data.backend ?? null;
        return;
      }
      this.deps.log(`${this.filePath}: ${parsed.error.issues[0]?.message ?? 'unreadable'}; the backend setting is ignored`);
    } catch (error) {
      this.deps.log(`${this.filePath} is not JSON (${(error as Error).message}); the backend setting is ignored`);
    }
  }

  /** What the compute process is asked to load now. */
  get chosen(): BackendChoice {
    return this.flag ?? this.saved ?? 'auto';
  }

  get source(): BackendSettings['source'] {
    return this.flag ? 'flag' : this.saved ? 'saved' : 'default';
  }

  /** Probes the rungs not known from the running process; cached for the session unless refreshed. */
  private async availability(active: BackendInfo | null, refresh: boolean): Promise<Map<Rung, Availability>> {
    if (refresh) this.probed = null;
    if (this.probed) return this.probed;
    if (!this.probing) {
      const running = rungOf(active);
      // the running process proves its own rung, unless it is tfjs-node-gpu without a GPU (the probe says why)
      const known = running && !(running === 'tensorflow-gpu' && !active?.gpu) ? running : null;
      const toProbe = ladder.filter((rung) => rung !== known);
      this.probing = probeBackends(this.deps.spawn, toProbe, { timeoutMs: this.deps.probeTimeoutMs })
        .then((results) => {
          const map = new Map<Rung, Availability>(results.map((result) => [result.rung, result]));
          if (known) map.set(known, { rung: known, available: true });
          this.probed = map;
          return map;
        })
        .finally(() => (this.probing = null));
    }
    return this.probing;
  }

  /** Every choice with whether it loads here, the current one and the one in use marked. */
  async describe(active: BackendInfo | null, refresh = false): Promise<BackendSettings> {
    const probed = await this.availability(active, refresh);
    const running = rungOf(active);
    const backends: BackendOption[] = backendChoices.map((choice) => {
      const found = choice === 'auto' ? null : (probed.get(choice) ?? null);
      const unavailable = found && !found.available ? found : null;
      return {
        choice,
        label: backendLabels[choice],
        available: unavailable === null,
        reason: unavailable?.reason ?? null,
        remedy: unavailable?.remedy ?? null,
        current: choice === this.chosen,
        inUse: choice !== 'auto' && choice === running,
      };
    });
    return { backends, chosen: this.chosen, source: this.source, active };
  }

  /**
   * Lets the choice govern this session from now on, a launch flag included (the next compute
   * process loads it); returns what puts the previous choice back, for a restart that was refused.
   */
  use(choice: BackendChoice): () => void {
    const [saved, flag] = [this.saved, this.flag];
    [this.saved, this.flag] = [choice, null];
    return () => ([this.saved, this.flag] = [saved, flag]);
  }

  /** Saves the choice in use (atomically, keeping the file's other keys) for the next sessions. */
  async persist(): Promise<void> {
    const next = { ...this.file, backend: this.saved ?? 'auto' };
    await writeFileAtomic(this.filePath, `${JSON.stringify(next, null, 2)}\n`);
    this.file = next;
  }
}
