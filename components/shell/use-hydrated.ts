"use client";
import { useSyncExternalStore } from "react";

const noSubscription = () => () => undefined;

/**
 * False in the server HTML and during hydration, true once React owns the page. Controls whose
 * value lives in React state stay disabled until then: a choice made in the server-rendered HTML
 * before hydration would be shown but not used (the form would post the initial state).
 */
export const useHydrated = (): boolean =>
  useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
