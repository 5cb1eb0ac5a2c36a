/**
 * Opens the browser's print dialog on a PDF without leaving the page: the PDF loads in a hidden
 * iframe (same-origin blob URL) whose window prints. Returns the blob URL so the caller can offer a
 * download link as well (some browsers print PDFs in frames poorly, or block it).
 */
export function printPdf(blob: Blob): string {
  const url = URL.createObjectURL(blob);
  const frame = document.createElement('iframe');
  frame.setAttribute('aria-hidden', 'true');
  frame.tabIndex = -1;
  frame.style.cssText = 'position:fixed;right:0;bottom:0;width:1px;height:1px;border:0;opacity:0;pointer-events:none';
  frame.dataset.testid = 'badge-print-frame';
  const returnFocusTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  frame.addEventListener('load', () => {
    try {
      frame.contentWindow?.focus();
      frame.contentWindow?.print();
    } catch {
      // The download link stays available.
    } finally {
      // print() returns once the dialog is closed: give the keyboard back to the page.
      returnFocusTo?.focus();
    }
  });
  frame.src = url;
  document.body.appendChild(frame);
  // The dialog is modal: by now it has been used or dismissed; keep the URL for the download link.
  setTimeout(() => frame.remove(), 60_000);
  setTimeout(() => URL.revokeObjectURL(url), 10 * 60_000);
  return url;
}
