import { useAppStore } from '../stores/appStore.js';

export function ErrorBanner() {
  const error = useAppStore((s) => s.error);
  const showError = useAppStore((s) => s.showError);
  if (!error) return null;
  return (
    <div className="error-banner" role="alert" data-testid="error-banner">
      <span>{error}</span>
      <button type="button" onClick={() => showError(null)} aria-label="Dismiss error">
        ×
      </button>
    </div>
  );
}
