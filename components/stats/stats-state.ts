// The browser's state of one project's live stats: the history from the watch acknowledgement,
// then live batches folded in. Batches that arrive while (re)joining are queued and replayed on top.
import { appendBatch, emptyHistory, type StatsBatch, type StatsHistory } from "@/lib/stats/series";

export type ProjectStatsState = {
  project: string;
  status: "joining" | "live" | "error";
  error: string | null;
  history: StatsHistory;
  queued: StatsBatch[];
};

export type ProjectStatsAction =
  | { type: "joining"; project: string }
  | { type: "history"; history: StatsHistory }
  | { type: "batch"; batch: StatsBatch }
  | { type: "error"; msg: string };

export const initialStatsState = (project: string): ProjectStatsState => ({
  project,
  status: "joining",
  error: null,
  history: emptyHistory(project),
  queued: [],
});

/** Pure reducer; a rejoin (reconnect) keeps what is drawn until the server's history replaces it. */
export const projectStatsReducer = (
  state: ProjectStatsState,
  action: ProjectStatsAction,
): ProjectStatsState => {
  switch (action.type) {
    case "joining":
      return action.project === state.project
        ? { ...state, status: "joining", queued: [] }
        : initialStatsState(action.project);
    case "history": {
      if (action.history.project !== state.project) return state;
      const history = state.queued.reduce((h, batch) => appendBatch(h, batch), action.history);
      return { ...state, status: "live", error: null, history, queued: [] };
    }
    case "batch":
      if (action.batch.project !== state.project) return state;
      if (state.status === "joining") return { ...state, queued: [...state.queued, action.batch] };
      return { ...state, history: appendBatch(state.history, action.batch) };
    case "error":
      return { ...state, status: "error", error: action.msg, queued: [] };
  }
};
