import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';

/** `dataConverter`: the process's payload encryption (`payloadDataConverter`); payloads in clear without it. */
export async function connectTemporal(address: string, namespace: string, dataConverter?: DataConverter): Promise<Client> {
  const connection = await Connection.connect({ address });
  return new Client({ connection, namespace, dataConverter });
}

export async function pingTemporal(client: Client, timeoutMs: number): Promise<void> {
  await client.connection.withDeadline(Date.now() + timeoutMs, () => client.connection.workflowService.getSystemInfo({}));
}
