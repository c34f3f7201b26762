export type DeployTarget = "engine" | "swarm";

/** Where a deploy on a Swarm manager puts the services: its own containers, or services across the swarm. */
export const TargetPicker = ({
  className,
  value,
  onChange,
}: {
  className: string;
  value: DeployTarget;
  onChange: (target: DeployTarget) => void;
}) => (
  <label className="text-sm">
    Target
    <select
      name="target"
      value={value}
      onChange={(e) => onChange(e.target.value === "swarm" ? "swarm" : "engine")}
      aria-label="Target"
      className={className}
    >
      <option value="engine">this engine</option>
      <option value="swarm">Docker Swarm (services across the swarm&apos;s nodes)</option>
    </select>
  </label>
);
