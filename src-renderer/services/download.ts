/**
 * Saves a file the renderer made through a download link: the browser's own save in web mode,
 * Electron's save dialog in the app. No host round trip, no file-system access in the renderer.
 */
export function downloadUrl(url: string, fileName: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
}

export function downloadText(text: string, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  downloadUrl(url, fileName);
  // the click has started the download; the URL is no longer needed after this turn
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
