"use client";
import type { DashboardTopology } from "./types";

/**
 * Compose profiles of the chosen topology: services with profiles are left out unless one of
 * theirs is ticked (Compose's default). Shown only when the file declares profiles.
 */
export const ProfilePicker = ({ topology }: { topology: DashboardTopology | undefined }) => {
  const profiles = topology?.profiles ?? [];
  if (profiles.length === 0) return null;
  return (
    <fieldset className="text-sm" data-testid="profile-picker">
      <legend title="Services with profiles start only when one of their profiles is chosen">Profiles</legend>
      <div className="flex flex-wrap gap-3">
        {profiles.map((profile) => (
          <label
            key={profile.name}
            className="flex items-center gap-1"
            title={`enables ${profile.services.join(", ")}`}
          >
            <input type="checkbox" name="profile" value={profile.name} /> {profile.name}
            <span className="text-xs text-zinc-500">({profile.services.join(", ")})</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
};
