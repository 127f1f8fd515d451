import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { AlarmRules, SignalContribution, ThresholdRule } from '../../shared/domain/results';
import type { HeatmapResponse, RunResult, ThresholdCurve } from '../../shared/ipc/results';
import { describeError, invoke } from './client';

export interface HeatmapView {
  rowStart: number;
  rowEnd: number;
  width: number;
  sortByError: boolean;
}

/** The cost model of the rule in force: the threshold curve shows its cost too. */
function costOf(rule: ThresholdRule) {
  return rule.kind === 'cost' ? { cAlarm: rule.cAlarm, cMissed: rule.cMissed, tolerance: rule.tolerance } : undefined;
}

/** The current run: scores, threshold and its events, the threshold curve, the heatmap viewport and event explanations. */
export const useResultsStore = defineStore('results', () => {
  const run = ref<RunResult | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);
  const selectedEvent = ref<number | null>(null);
  const explanation = ref<{ eventIndex: number; contributions: SignalContribution[] } | null>(null);
  const heatmap = ref<HeatmapResponse | null>(null);
  const heatmapView = ref<HeatmapView | null>(null);
  const heatmapLoading = ref(false);
  const curve = ref<ThresholdCurve | null>(null);
  /** the cost model the curve was drawn with, so a new threshold only asks again when that changes */
  let curveCost: string | null = null;

  const threshold = computed(() => run.value?.threshold ?? null);
  const events = computed(() => run.value?.threshold.events ?? []);

  async function load(runId: string): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      run.value = await invoke('results:get', { runId });
      selectedEvent.value = null;
      explanation.value = null;
      heatmap.value = null;
      heatmapView.value = null;
      curve.value = null;
      curveCost = null;
    } catch (caught) {
      error.value = describeError(caught).message;
    } finally {
      loading.value = false;
    }
    await loadCurve();
  }

  /** Precision, recall and F1 over the thresholds; only labelled runs have one. */
  async function loadCurve(): Promise<void> {
    const current = run.value;
    if (!current?.labels) return;
    const cost = costOf(current.threshold.rule);
    const key = JSON.stringify(cost ?? null);
    if (curve.value && key === curveCost) return;
    try {
      const answer = await invoke('results:thresholdCurve', { runId: current.runId, cost });
      if (run.value?.runId === current.runId) [curve.value, curveCost] = [answer, key];
    } catch (caught) {
      error.value = describeError(caught).message;
    }
  }

  /** A new rule; new alarm post-rules when given, else the run keeps its own. */
  async function setThreshold(rule: ThresholdRule, alarms?: AlarmRules): Promise<void> {
    if (!run.value) return;
    error.value = null;
    try {
      const state = await invoke('results:setThreshold', { runId: run.value.runId, rule, ...(alarms ? { alarms } : {}) });
      run.value = { ...run.value, threshold: state };
      // event indices refer to the old threshold's events
      selectedEvent.value = null;
      explanation.value = null;
    } catch (caught) {
      error.value = describeError(caught).message;
    }
    await loadCurve();
  }

  // Zooming fires many requests; only the newest answer is drawn.
  let heatmapSeq = 0;
  async function loadHeatmap(view: HeatmapView): Promise<void> {
    // trees and classifiers score rows without an error per signal: there is no heatmap to ask for
    if (!run.value?.featureErrors) return;
    const rowEnd = Math.min(run.value.nRows, Math.max(view.rowStart + 1, view.rowEnd));
    const request = { ...view, rowStart: Math.max(0, Math.min(view.rowStart, rowEnd - 1)), rowEnd, width: Math.max(1, Math.min(4000, Math.round(view.width))) };
    const seq = ++heatmapSeq;
    heatmapView.value = request;
    heatmapLoading.value = true;
    try {
      const answer = await invoke('results:heatmap', { runId: run.value.runId, ...request });
      if (seq === heatmapSeq) heatmap.value = answer;
    } catch (caught) {
      if (seq === heatmapSeq) error.value = describeError(caught).message;
    } finally {
      if (seq === heatmapSeq) heatmapLoading.value = false;
    }
  }

  async function selectEvent(index: number): Promise<void> {
    if (!run.value || index < 0 || index >= events.value.length) return;
    selectedEvent.value = index;
    if (!run.value.featureErrors) return;
    try {
      const answer = await invoke('results:explainEvent', { runId: run.value.runId, eventIndex: events.value[index].index });
      if (selectedEvent.value === index) explanation.value = { eventIndex: index, contributions: answer.contributions };
    } catch (caught) {
      error.value = describeError(caught).message;
    }
  }

  /** J/K: step through events, wrapping at both ends. */
  function stepEvent(delta: 1 | -1): void {
    const count = events.value.length;
    if (count === 0) return;
    const current = selectedEvent.value ?? (delta > 0 ? -1 : 0);
    void selectEvent((current + delta + count) % count);
  }

  return {
    run, loading, error, threshold, events, selectedEvent, explanation, heatmap, heatmapView, heatmapLoading, curve,
    load, setThreshold, loadHeatmap, selectEvent, stepEvent,
  };
});
