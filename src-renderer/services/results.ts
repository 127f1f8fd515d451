import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { AlarmRules, SignalContribution, ThresholdRule } from '../../shared/domain/results';
import type { RocPr, RunResult, ThresholdCurve } from '../../shared/ipc/results';
import { describeError, invoke } from './client';

/** The cost model of the rule in force: the threshold curve shows its cost too. */
function costOf(rule: ThresholdRule) {
  return rule.kind === 'cost' ? { cAlarm: rule.cAlarm, cMissed: rule.cMissed, tolerance: rule.tolerance } : undefined;
}

/** The current run: scores, threshold and its events, the threshold, ROC and PR curves, and event explanations. */
export const useResultsStore = defineStore('results', () => {
  const run = ref<RunResult | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);
  const selectedEvent = ref<number | null>(null);
  const explanation = ref<{ eventIndex: number; contributions: SignalContribution[] } | null>(null);
  const curve = ref<ThresholdCurve | null>(null);
  const rocPr = ref<RocPr | null>(null);
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
      curve.value = null;
      curveCost = null;
      rocPr.value = null;
    } catch (caught) {
      error.value = describeError(caught).message;
    } finally {
      loading.value = false;
    }
    await Promise.all([loadCurve(), loadRocPr()]);
  }

  /** No run on show (a reopened project without one). */
  function clear(): void {
    [run.value, error.value, selectedEvent.value, explanation.value, curve.value, rocPr.value] = [null, null, null, null, null, null];
    curveCost = null;
  }

  /** ROC and PR curves over the test rows; they need both classes there, as ROC-AUC does. */
  async function loadRocPr(): Promise<void> {
    const current = run.value;
    if (current?.threshold.metrics?.rocAuc == null) return;
    try {
      const answer = await invoke('results:rocPr', { runId: current.runId });
      if (run.value?.runId === current.runId) rocPr.value = answer;
    } catch (caught) {
      error.value = describeError(caught).message;
    }
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
    run, loading, error, threshold, events, selectedEvent, explanation, curve, rocPr,
    load, clear, setThreshold, selectEvent, stepEvent,
  };
});
