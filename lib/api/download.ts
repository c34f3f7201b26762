// The one shape of a file answer (a run's export, an experiment's export, …): its content type by
// extension, UTF-8, and the name the browser saves it under.

/** The content type of each file kind the panel offers for download (one definition). */
export const DOWNLOAD_TYPES = {
  json: "application/json",
  csv: "text/csv",
  md: "text/markdown",
  yml: "application/yaml",
} as const;
export type DownloadExtension = keyof typeof DOWNLOAD_TYPES;

/** A download answer: `body` saved as `<name>.<extension>`, typed by the extension. */
export const downloadAnswer = ({
  body,
  name,
  extension,
}: {
  body: string;
  name: string;
  extension: DownloadExtension;
}): Response =>
  new Response(body, {
    headers: {
      "content-type": `${DOWNLOAD_TYPES[extension]}; charset=utf-8`,
      "content-disposition": `attachment; filename="${name}.${extension}"`,
    },
  });
