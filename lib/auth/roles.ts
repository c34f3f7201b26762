import { ROLES, type Role } from "@/lib/roles";

/** Who may do what. Each role includes everything the roles below it may do. */
export { ROLES, type Role };

const RANK: Record<Role, number> = { viewer: 1, operator: 2, admin: 3 };

/** Whether a principal with `actual` may do what needs `needed`. */
export const hasRole = ({ actual, needed }: { actual: Role; needed: Role }): boolean =>
  RANK[actual] >= RANK[needed];

/** Narrows a stored string to a Role, or null for anything else. */
export const parseRole = (value: string): Role | null =>
  (ROLES as readonly string[]).includes(value) ? (value as Role) : null;

/** The weaker of two roles: a token never grants more than its owner has. */
export const lowerRole = (a: Role, b: Role): Role => (RANK[a] <= RANK[b] ? a : b);
