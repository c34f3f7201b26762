// A token's scope narrows what its role allows: `deploy:<topology>` may deploy that topology only
// (and read, as a viewer would); every other state-changing route refuses it.
export type TokenScope = { kind: "deploy"; topology: string };

const TOPOLOGY_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}$/;

/** The scope stored as text (`deploy:<topology>`), or null for an unrestricted token or bad text. */
export const parseTokenScope = (text: string | null | undefined): TokenScope | null => {
  const topology = text?.match(/^deploy:(.+)$/)?.[1];
  return topology && TOPOLOGY_NAME.test(topology) ? { kind: "deploy", topology } : null;
};

/** Whether stored scope text is one the panel understands (unknown text must not widen a token). */
export const isKnownScope = (text: string | null): boolean => text === null || parseTokenScope(text) !== null;

/** The text form stored with the token and shown in the tokens list. */
export const formatTokenScope = (scope: TokenScope): string => `${scope.kind}:${scope.topology}`;

/** The zod-ready pattern for a scope in a request. */
export const SCOPE_PATTERN = /^deploy:[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}$/;
