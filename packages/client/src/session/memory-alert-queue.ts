import type { AlertQueue, PendingAlert } from "./session-api.js";

/**
 * An AlertQueue in memory: alerts live as long as the process. The device's persisted queue
 * (device/) replaces it in a real client; tests and one-shot tools use this one.
 */
export function memoryAlertQueue(initial: readonly PendingAlert[] = []): AlertQueue {
  const queue: PendingAlert[] = [...initial];
  let next = 1;
  for (const a of initial) {
    const n = /^a(\d+)$/.exec(a.id);
    if (n !== null) next = Math.max(next, Number(n[1]) + 1);
  }
  return {
    pending(serverId: string): readonly PendingAlert[] {
      return queue.filter((a) => a.serverId === undefined || a.serverId === serverId);
    },
    add(alert: Omit<PendingAlert, "id">): PendingAlert {
      const stored: PendingAlert = { ...alert, id: `a${next++}` };
      queue.push(stored);
      return stored;
    },
    acknowledge(ids: readonly string[]): void {
      const gone = new Set(ids);
      for (let i = queue.length - 1; i >= 0; i--) if (gone.has(queue[i]?.id ?? "")) queue.splice(i, 1);
    },
  };
}
