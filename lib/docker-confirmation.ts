// Whether a run waited for Docker's own "healthy": a run stopped after ready (Cancel or Tear down
// while Docker was still confirming) keeps its verdict and records that the confirmation was not
// awaited. One definition for the orchestrator that writes it and the pages that read it.

/** The value of a run's `settings.dockerConfirmation` when the wait for Docker was ended by a person. */
export const CONFIRMATION_NOT_AWAITED = "not awaited";

/** Whether a run's settings say Docker's confirmation was not awaited. */
export const confirmationNotAwaitedIn = (settings: Record<string, unknown> | null | undefined): boolean =>
  settings?.dockerConfirmation === CONFIRMATION_NOT_AWAITED;

/** What a run shows for its Docker-healthy clock when Docker did not confirm every check. */
export const unconfirmedText = (settings: Record<string, unknown> | null | undefined): string =>
  confirmationNotAwaitedIn(settings) ? "not awaited (stopped after ready)" : "not confirmed";
