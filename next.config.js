// @ts-check
/** @type {import("next").NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // dockerode and its native optional deps must stay server-side Node modules, never bundled.
  serverExternalPackages: [
    "dockerode",
    "ssh2",
    "cpu-features",
    "better-sqlite3",
    "@prisma/adapter-better-sqlite3",
  ],
};

export default nextConfig;
