// The engine status for server-rendered pages, asked once per request: the layout's badge and the
// dashboard's card show the same answer. Server code outside a render calls engineStatus itself.
import { cache } from "react";
import { engineStatus } from "./engine";

export const pageEngineStatus = cache(engineStatus);
