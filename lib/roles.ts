// The role names a user or token holds: a vocabulary the database stores and auth ranks, kept in
// the kernel so lib/db can type its rows without importing lib/auth (which imports lib/db).
export const ROLES = ["viewer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];
