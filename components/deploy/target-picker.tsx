/** Where a deploy on a Swarm manager puts the services: its own containers, or services across the swarm. */
export const TargetPicker = ({ className }: { className: string }) => (
  <label className="text-sm">
    Target
    <select name="target" defaultValue="engine" aria-label="Target" className={className}>
      <option value="engine">this engine</option>
      <option value="swarm">Docker Swarm (services across the swarm&apos;s nodes)</option>
    </select>
  </label>
);
