import { type APIRequestContext, expect } from "@playwright/test";
import { E2E_PASSWORD, E2E_USERS, type E2eRole } from "./users";

/** Signs in through the API; the cookie lands in the request context (and its page, if any). */
export const signInAs = async (request: APIRequestContext, role: E2eRole): Promise<void> => {
  const response = await request.post("/api/auth/login", {
    data: { username: E2E_USERS[role], password: E2E_PASSWORD },
  });
  expect(response.status(), await response.text()).toBe(200);
};
