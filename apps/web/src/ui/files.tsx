import { useState } from 'react';
import { api } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { Button, useProblemText, useToast } from './kit';
import { asProblem } from '../api/client';

/** Saves text as a file the browser downloads. */
export function downloadText(filename: string, text: string, type = 'text/csv;charset=utf-8') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 60000);
}

/**
 * Opens a printable PDF of the API (it needs the token, so it is fetched, then shown from a
 * blob). The tab is opened during the click, so pop-up blockers let it through.
 */
export function PrintButton({ path, label, name }: { path: string; label: string; name: string }) {
  const [busy, setBusy] = useState(false);
  const toast = useToast();
  const text = useProblemText();
  const { t } = useI18n();
  const open = async () => {
    const tab = window.open('', '_blank');
    setBusy(true);
    try {
      const blob = await api.blob(path);
      const url = URL.createObjectURL(blob);
      if (tab) tab.location.href = url;
      else {
        const a = document.createElement('a');
        a.href = url;
        a.download = `${name}.pdf`;
        a.click();
      }
      toast(t('print.opened', { name }), 'info');
      window.setTimeout(() => URL.revokeObjectURL(url), 10 * 60000);
    } catch (e) {
      tab?.close();
      toast(`${t('print.failed', { name })}: ${text(asProblem(e))}`, 'error');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button kind="secondary" busy={busy} onClick={open} data-print={path}>
      {label}
    </Button>
  );
}
