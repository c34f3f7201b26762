// Every /api/v1 endpoint, in the order the document lists them. A route file under app/api/v1
// exports one of these; lib/api/openapi.test.ts fails when a route file has no entry here.
import type { Endpoint } from "./endpoint";
import {
  addAlertChannelEndpoint,
  alertChannelsEndpoint,
  alertRulesEndpoint,
  alertsEndpoint,
  changeAlertRulesEndpoint,
  removeAlertChannelEndpoint,
  testAlertChannelEndpoint,
} from "./endpoints/alerts";
import {
  batchEndpoint,
  cancelEndpoint,
  deployEndpoint,
  latencyEndpoint,
  redeployEndpoint,
  scaleEndpoint,
  teardownEndpoint,
} from "./endpoints/actions";
import { statusEndpoint, topologiesEndpoint, topologyEndpoint } from "./endpoints/cluster";
import { compareEndpoint } from "./endpoints/compare";
import { logsEndpoint, statsHistoryEndpoint } from "./endpoints/history";
import {
  addEnvironmentEndpoint,
  environmentsEndpoint,
  removeEnvironmentEndpoint,
  testEnvironmentEndpoint,
} from "./endpoints/environments";
import {
  cancelExperimentEndpoint,
  experimentEndpoint,
  experimentExportEndpoint,
  experimentsEndpoint,
  startExperimentEndpoint,
} from "./endpoints/experiments";
import { predictionEndpoint } from "./endpoints/prediction";
import { reportEndpoint } from "./endpoints/report";
import { runEndpoint, runEventsEndpoint, runsEndpoint } from "./endpoints/runs";
import {
  backupsEndpoint,
  deleteBackupEndpoint,
  restoreBackupEndpoint,
  startBackupEndpoint,
} from "./endpoints/backups";
import { migrationEndpoint, startMigrationEndpoint } from "./endpoints/migrations";

export const API_V1_ENDPOINTS: readonly Endpoint[] = [
  statusEndpoint,
  statsHistoryEndpoint,
  logsEndpoint,
  topologiesEndpoint,
  topologyEndpoint,
  predictionEndpoint,
  reportEndpoint,
  deployEndpoint,
  batchEndpoint,
  cancelEndpoint,
  teardownEndpoint,
  scaleEndpoint,
  latencyEndpoint,
  redeployEndpoint,
  runsEndpoint,
  runEndpoint,
  runEventsEndpoint,
  compareEndpoint,
  environmentsEndpoint,
  addEnvironmentEndpoint,
  testEnvironmentEndpoint,
  removeEnvironmentEndpoint,
  alertsEndpoint,
  alertChannelsEndpoint,
  addAlertChannelEndpoint,
  testAlertChannelEndpoint,
  removeAlertChannelEndpoint,
  alertRulesEndpoint,
  changeAlertRulesEndpoint,
  startExperimentEndpoint,
  experimentsEndpoint,
  experimentEndpoint,
  experimentExportEndpoint,
  cancelExperimentEndpoint,
  startBackupEndpoint,
  backupsEndpoint,
  restoreBackupEndpoint,
  deleteBackupEndpoint,
  startMigrationEndpoint,
  migrationEndpoint,
];
