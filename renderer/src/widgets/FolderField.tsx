import { errorMessage, useClient } from '../hooks/clientContext.js';
import { useAppStore } from '../stores/appStore.js';
import { useShowError } from '../hooks/useShowError.js';

/** A folder path typed in, with the native folder dialog beside it where the host has one (the desktop app). */
export function FolderField({
  id,
  label,
  value,
  onChange,
  placeholder = '/path/to/folder',
}: {
  id: string;
  label: string;
  value: string;
  onChange(v: string): void;
  placeholder?: string;
}) {
  const client = useClient();
  const canPick = useAppStore((s) => s.appInfo?.canPickDirectory ?? false);
  const showError = useShowError();
  const browse = (): void => {
    client
      .call('host.pickDirectory', { title: label })
      .then(({ dir }) => dir && onChange(dir))
      .catch((error) => showError(errorMessage(error)));
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="row">
        <input id={id} value={value} onChange={(e) => onChange(e.target.value)} placeholder={placeholder} spellCheck={false} />
        {canPick && (
          <button type="button" onClick={browse}>
            Browse…
          </button>
        )}
      </div>
    </div>
  );
}
