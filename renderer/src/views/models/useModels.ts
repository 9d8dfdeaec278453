import { useCallback, useEffect, useState } from 'react';
import type { ClassInfo, ModelEntry } from '../../../../shared/contract/domain.js';
import { errorMessage, useClient } from '../../hooks/clientContext.js';
import { useShowError } from '../../hooks/useShowError.js';

/**
 * The registry's models and the project's classes, a notice about the last change, and
 * `refreshKey`, bumped on every full reload so the inference status is read again with them.
 */
export function useModels() {
  const client = useClient();
  const showError = useShowError();
  const [models, setModels] = useState<ModelEntry[] | null>(null);
  const [classes, setClasses] = useState<ClassInfo[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [refreshKey, setRefreshKey] = useState(0);
  const fail = useCallback((error: unknown) => showError(errorMessage(error)), [showError]);

  const reload = useCallback(() => {
    Promise.all([client.call('models.list'), client.call('classes.list')])
      .then(([list, projectClasses]) => {
        setModels(list);
        setClasses(projectClasses);
        setRefreshKey((k) => k + 1);
      })
      .catch(fail);
  }, [client, fail]);

  useEffect(reload, [reload]);

  const setTarget = useCallback(
    (modelId: number): void => {
      client.call('models.setTarget', { modelId }).then(setModels).catch(fail);
    },
    [client, fail],
  );

  const reloadModels = useCallback(() => {
    client.call('models.list').then(setModels).catch(fail);
  }, [client, fail]);

  const classMapSaved = useCallback(
    (message: string) => {
      setNotice(message);
      reload();
    },
    [reload],
  );
  const added = useCallback(() => {
    setNotice(null);
    reload();
  }, [reload]);

  return { models, classes, notice, refreshKey, setTarget, reloadModels, classMapSaved, added };
}
