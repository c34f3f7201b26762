const TopologyPage = () => (
  <div className="space-y-4">
    <h1 className="text-2xl font-semibold">Topology</h1>
    <p className="text-sm text-zinc-500">The topologies under topologies/ and their analysis appear here.</p>
  </div>
);

export default TopologyPage;
