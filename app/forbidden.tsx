import Link from "next/link";

const Forbidden = () => (
  <main className="mx-auto max-w-md space-y-3 px-4 py-16 text-center">
    <h1 className="text-2xl font-semibold">Not allowed</h1>
    <p className="text-sm text-zinc-500">Your role does not allow this page. Ask an admin if you need it.</p>
    <Link href="/" className="text-sm underline">
      Back to the dashboard
    </Link>
  </main>
);

export default Forbidden;
