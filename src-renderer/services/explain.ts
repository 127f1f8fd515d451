import { defineStore } from 'pinia';
import { computed, nextTick, ref, watch } from 'vue';
import { topContributions, type ContributionMeasure } from '../../shared/charts/contribution-chart';
import { bucketCount } from '../../shared/charts/heatmap-chart';
import type { HeatmapResponse, SignalEnvelopes } from '../../shared/ipc/results';
import { describeError, invoke } from './client';
import { useResultsStore } from './results';

export interface HeatmapView {
  rowStart: number;
  rowEnd: number;
  /** buckets wanted: the plot's width in pixels */
  width: number;
}

/** Culprits of the selected event plotted without being asked, and the most signals plotted at once. */
const defaultCulprits = 3;
const maxPlotted = 8;

/**
 * The Explain step's state: the heatmap viewport (raw or normalised, sorted or not), the signals
 * the user pinned, and the raw values of the plotted signals over the rows the heatmap shows.
 * The selected event and its culprits stay in the results store (J/K and the Results view share them).
 */
export const useExplainStore = defineStore('explain', () => {
  const results = useResultsStore();
  const heatmap = ref<HeatmapResponse | null>(null);
  const view = ref<HeatmapView | null>(null);
  const loading = ref(false);
  const sortByError = ref(true);
  const normalised = ref(false);
  /** signals the user pinned by clicking their name or bar; they stay plotted from event to event */
  const pinned = ref<string[]>([]);
  const envelopes = ref<SignalEnvelopes | null>(null);
  const error = ref<string | null>(null);

  const measure = computed<ContributionMeasure>(() => (normalised.value ? 'normalised' : 'share'));
  /** The pinned signals, then the selected event's top culprits. */
  const plotted = computed(() => {
    const culprits = topContributions(results.explanation?.contributions ?? [], defaultCulprits, measure.value).map((c) => c.signal);
    return [...new Set([...pinned.value, ...culprits])].slice(0, maxPlotted);
  });

  function togglePin(signal: string): void {
    pinned.value = pinned.value.includes(signal) ? pinned.value.filter((s) => s !== signal) : [...pinned.value, signal];
  }

  // Zooming fires many requests; only the newest answer is drawn.
  let heatmapSeq = 0;
  async function loadHeatmap(next: HeatmapView): Promise<void> {
    const run = results.run;
    // trees and classifiers score rows without an error per signal: there is no heatmap to ask for
    if (!run?.featureErrors) return;
    const rowEnd = Math.min(run.nRows, Math.max(next.rowStart + 1, next.rowEnd));
    const request = { rowStart: Math.max(0, Math.min(next.rowStart, rowEnd - 1)), rowEnd, width: Math.max(1, Math.min(4000, Math.round(next.width))) };
    const seq = ++heatmapSeq;
    view.value = request;
    loading.value = true;
    error.value = null;
    try {
      const answer = await invoke('results:heatmap', { runId: run.runId, ...request, sortByError: sortByError.value, normalised: normalised.value });
      if (seq === heatmapSeq) heatmap.value = answer;
    } catch (caught) {
      if (seq === heatmapSeq) error.value = describeError(caught).message;
    } finally {
      if (seq === heatmapSeq) loading.value = false;
    }
  }
  watch([sortByError, normalised], () => view.value && void loadHeatmap(view.value));

  /**
   * A reopened project's toggles, pins and rows. With a heatmap on screen, those rows are asked for
   * at its width; else the Explain view asks for them at its own width when it mounts (it keeps the
   * rows of a view it finds, and a width of 0 tells it nothing was drawn yet).
   */
  async function restore(saved: { rowStart: number; rowEnd: number; sortByError: boolean; normalised: boolean; pinned: string[] }): Promise<void> {
    sortByError.value = saved.sortByError;
    normalised.value = saved.normalised;
    pinned.value = [...saved.pinned];
    // the toggles' watch asks again for the rows shown before: let it, so the saved rows are asked last
    await nextTick();
    const width = view.value?.width ?? 0;
    if (width > 0) return loadHeatmap({ rowStart: saved.rowStart, rowEnd: saved.rowEnd, width });
    heatmapSeq++;
    [heatmap.value, loading.value, view.value] = [null, false, { rowStart: saved.rowStart, rowEnd: saved.rowEnd, width: 0 }];
  }

  /** The plotted signals over exactly the heatmap's rows and buckets, so both share one time axis. */
  let signalsSeq = 0;
  async function loadSignals(): Promise<void> {
    const run = results.run;
    const shown = heatmap.value;
    const seq = ++signalsSeq;
    if (!run || !shown || plotted.value.length === 0) {
      envelopes.value = null;
      return;
    }
    try {
      const request = { runId: run.runId, signals: plotted.value, rowStart: shown.rowStart, rowEnd: shown.rowEnd, width: Math.max(1, bucketCount(shown)) };
      const answer = await invoke('results:signals', request);
      if (seq === signalsSeq) envelopes.value = answer;
    } catch (caught) {
      if (seq === signalsSeq) error.value = describeError(caught).message;
    }
  }
  watch([heatmap, () => plotted.value.join('\n')], loadSignals);

  // another run: its rows and signals are not this one's
  watch(
    () => results.run?.runId,
    () => {
      heatmapSeq++;
      [heatmap.value, view.value, envelopes.value, error.value, loading.value, pinned.value] = [null, null, null, null, false, []];
    },
  );

  return { heatmap, view, loading, sortByError, normalised, measure, pinned, plotted, envelopes, error, togglePin, loadHeatmap, restore };
});
