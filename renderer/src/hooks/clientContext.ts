import { createContext, useContext } from 'react';
import type { Client } from '../../../shared/client/createClient.js';

export const ClientContext = createContext<Client | null>(null);

export function useClient(): Client {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient outside ClientContext');
  return client;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
