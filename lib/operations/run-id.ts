import { randomUUID } from "node:crypto";

/** A new run id: sortable by time (ms prefix) and unique. */
export const newRunId = (): string => `${Date.now().toString(36)}-${randomUUID().slice(0, 8)}`;
