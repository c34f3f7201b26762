const ComparePage = () => (
  <div className="space-y-4">
    <h1 className="text-2xl font-semibold">Compare</h1>
    <p className="text-sm text-zinc-500">
      Pick two or more finished runs on the Runs page to compare them side by side.
    </p>
  </div>
);

export default ComparePage;
