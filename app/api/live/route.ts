/** Bare liveness probe: anonymous, says nothing but that the panel process answers. */
export const GET = (): Response => Response.json({ ok: true });
