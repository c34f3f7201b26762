// Every /api/v1 endpoint, in the order the document lists them. A route file under app/api/v1
// exports one of these; lib/api/openapi.test.ts fails when a route file has no entry here.
import type { Endpoint } from "./endpoint";
import {
  batchEndpoint,
  cancelEndpoint,
  deployEndpoint,
  latencyEndpoint,
  scaleEndpoint,
  teardownEndpoint,
} from "./endpoints/actions";
import { statusEndpoint, topologiesEndpoint, topologyEndpoint } from "./endpoints/cluster";
import { compareEndpoint } from "./endpoints/compare";
import {
  addEnvironmentEndpoint,
  environmentsEndpoint,
  removeEnvironmentEndpoint,
  testEnvironmentEndpoint,
} from "./endpoints/environments";
import { runEndpoint, runEventsEndpoint, runsEndpoint } from "./endpoints/runs";

export const API_V1_ENDPOINTS: readonly Endpoint[] = [
  statusEndpoint,
  topologiesEndpoint,
  topologyEndpoint,
  deployEndpoint,
  batchEndpoint,
  cancelEndpoint,
  teardownEndpoint,
  scaleEndpoint,
  latencyEndpoint,
  runsEndpoint,
  runEndpoint,
  runEventsEndpoint,
  compareEndpoint,
  environmentsEndpoint,
  addEnvironmentEndpoint,
  testEnvironmentEndpoint,
  removeEnvironmentEndpoint,
];
