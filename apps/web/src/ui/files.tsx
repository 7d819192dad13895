import { useState } from 'react';
import { api } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { Button, useProblemText, useToast } from './kit';
import { asProblem } from '../api/client';

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

/**
 * Downloads a CSV export of the API (docs/api.md#csv-exports): every row, however many, with
 * the column names in the UI's language and times in the mall's time zone, made by the service.
 */
export function ExportButton({ path, label, name }: { path: string; label: string; name: string }) {
  const [busy, setBusy] = useState(false);
  const toast = useToast();
  const text = useProblemText();
  const { t, lang } = useI18n();
  const run = async () => {
    setBusy(true);
    try {
      const blob = await api.blob(`${path}${path.includes('?') ? '&' : '?'}lang=${encodeURIComponent(lang)}`);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 60000);
      toast(t('export.saved', { name }));
    } catch (e) {
      toast(text(asProblem(e)), 'error');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button busy={busy} onClick={run} data-export={path}>
      {label}
    </Button>
  );
}
