"use client";
import type { DashboardTopology } from "@/lib/operations/dashboard-page-model";

/**
 * Compose profiles of the chosen topology: services with profiles are left out unless one of
 * theirs is ticked (Compose's default); those the folder's COMPOSE_PROFILES names start ticked.
 * Shown only when the file declares profiles.
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
            <input type="checkbox" name="profile" value={profile.name} defaultChecked={profile.active} />{" "}
            {profile.name}
            <span className="text-xs text-zinc-500">({profile.services.join(", ")})</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
};

/**
 * The compose files of the chosen topology's folder, when it holds more than one: those Compose
 * would read start ticked; the ticked ones are read in the order shown (base first).
 */
export const ComposeFilePicker = ({ topology }: { topology: DashboardTopology | undefined }) => {
  const files = topology?.composeFiles ?? [];
  if (files.length < 2) return null;
  return (
    <fieldset className="text-sm" data-testid="compose-file-picker">
      <legend title="The files read, in this order: the first is the base, the others are merged over it">
        Compose files
      </legend>
      <div className="flex flex-wrap gap-3">
        {files.map((file) => (
          <label key={file.name} className="flex items-center gap-1">
            <input type="checkbox" name="composeFile" value={file.name} defaultChecked={file.read} />{" "}
            <code>{file.name}</code>
          </label>
        ))}
      </div>
    </fieldset>
  );
};
