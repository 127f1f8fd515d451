import { defineStore } from 'pinia';
import { ref } from 'vue';
import { reportSectionIds, type ReportSection } from '../../shared/ipc/reports';
import { describeError, invoke } from './client';

/** A file the host wrote for the user, and what it is. */
export interface WrittenFile {
  what: string;
  path: string;
  bytes: number;
}

/** The report of a run: which sections go in, its preview, and its exports (HTML, PDF, scores and errors). */
export const useReportStore = defineStore('reports', () => {
  const sections = ref<ReportSection[]>([...reportSectionIds]);
  const preview = ref<{ runId: string; html: string; charts: number } | null>(null);
  const exported = ref<WrittenFile | null>(null);
  const busy = ref<string | null>(null);
  const error = ref<string | null>(null);
  let previewSeq = 0;

  /** Runs one host request at a time, with its error in `error` instead of a throw. */
  async function task(label: string, work: () => Promise<void>): Promise<void> {
    busy.value = label;
    error.value = null;
    try {
      await work();
    } catch (caught) {
      error.value = describeError(caught).message;
    } finally {
      busy.value = null;
    }
  }

  async function loadPreview(runId: string): Promise<void> {
    // a toggle clicked twice quickly: only the last answer is shown
    const seq = ++previewSeq;
    try {
      const answer = await invoke('reports:preview', { runId, sections: sections.value });
      if (seq === previewSeq) preview.value = { runId, ...answer };
    } catch (caught) {
      if (seq === previewSeq) error.value = describeError(caught).message;
    }
  }

  function toggleSection(runId: string, id: ReportSection, on: boolean): Promise<void> {
    sections.value = reportSectionIds.filter((section) => (section === id ? on : sections.value.includes(section)));
    return loadPreview(runId);
  }

  const exportHtml = (runId: string) =>
    task('html', async () => {
      const file = await invoke('reports:export', { runId, sections: sections.value });
      exported.value = { what: `HTML report (${file.charts} charts)`, ...file };
    });

  const exportPdf = (runId: string) =>
    task('pdf', async () => {
      exported.value = { what: 'PDF report', ...(await invoke('reports:exportPdf', { runId, sections: sections.value })) };
    });

  const exportData = (runId: string, what: 'scores' | 'errors', format: 'csv' | 'parquet') =>
    task('data', async () => {
      const file = await invoke('reports:exportData', { runId, what, format });
      exported.value = { what: `${what === 'scores' ? 'scores' : 'per-signal errors'} (${format}, ${file.rows} rows)`, path: file.path, bytes: file.bytes };
    });

  return { sections, preview, exported, busy, error, loadPreview, toggleSection, exportHtml, exportPdf, exportData };
});
