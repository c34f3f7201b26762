// The report as HTML, for the page and for the PDF: the Markdown (markdown.ts, the one place the
// report's sentences are written) turned into HTML. Only the subset markdown.ts writes is read —
// headings, tables, lists, code blocks, paragraphs, **bold**, _emphasis_, `code`, [links](/path) —
// and every text is escaped first, so nothing in a topology's names becomes markup. Pure.
const escape = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Inline Markdown of one escaped line → HTML; links only to the panel's own paths. */
const inline = (text: string): string =>
  escape(text)
    .replace(/`([^`]+)`/g, "<code>$1</code>")
    .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
    .replace(/\[([^\]]+)\]\((\/[^)\s]*)\)/g, '<a href="$2">$1</a>')
    .replace(/(^|\s)_([^_]+)_(?=$|[\s.,;:])/g, "$1<em>$2</em>");

const cells = (row: string): string[] =>
  row
    .trim()
    .replace(/^\||\|$/g, "")
    .split(" | ")
    .map((c) => c.trim());

/** The body's HTML of the report's Markdown. */
export const markdownToHtml = (markdown: string): string => {
  const out: string[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const heading = /^(#{1,3}) (.*)$/.exec(line);
    if (heading) out.push(`<h${heading[1]!.length}>${inline(heading[2]!)}</h${heading[1]!.length}>`);
    else if (line.startsWith("```")) {
      const code: string[] = [];
      while (i + 1 < lines.length && !(lines[i + 1] ?? "").startsWith("```")) code.push(lines[++i] ?? "");
      i++;
      out.push(`<pre><code>${escape(code.join("\n"))}</code></pre>`);
    } else if (line.startsWith("| ")) {
      const rows: string[] = [];
      while ((lines[i] ?? "").startsWith("| ")) rows.push(lines[i++] ?? "");
      i--;
      const [head, , ...body] = rows;
      out.push(
        `<table><thead><tr>${cells(head ?? "")
          .map((c) => `<th>${inline(c)}</th>`)
          .join("")}</tr></thead><tbody>${body
          .map(
            (r) =>
              `<tr>${cells(r)
                .map((c) => `<td>${inline(c)}</td>`)
                .join("")}</tr>`,
          )
          .join("")}</tbody></table>`,
      );
    } else if (line.startsWith("- ")) {
      const items: string[] = [];
      while ((lines[i] ?? "").startsWith("- ")) items.push((lines[i++] ?? "").slice(2));
      i--;
      out.push(`<ul>${items.map((t) => `<li>${inline(t)}</li>`).join("")}</ul>`);
    } else if (line.trim() !== "") out.push(`<p>${inline(line)}</p>`);
  }
  return out.join("\n");
};

const PRINT_CSS = `
body { font-family: system-ui, sans-serif; font-size: 10.5pt; color: #111; margin: 0; }
h1 { font-size: 18pt; } h2 { font-size: 14pt; border-bottom: 1px solid #999; margin-top: 1.4em; } h3 { font-size: 11.5pt; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0; font-size: 9pt; }
th, td { border: 1px solid #bbb; padding: 2px 5px; text-align: left; vertical-align: top; }
th { background: #eee; } tr { break-inside: avoid; }
pre { background: #f4f4f4; padding: 6px; white-space: pre-wrap; } code { font-size: 9pt; }
em { color: #444; } a { color: #1d4ed8; }
@page { size: A4; margin: 14mm; }
`;

/** The report as a whole HTML document, styled for print (what headless Chromium turns into the PDF). */
export const reportHtmlDocument = ({
  title,
  markdown,
  baseUrl,
}: {
  title: string;
  markdown: string;
  /** The panel's address, so the runs' links work from the PDF. */
  baseUrl?: string;
}): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8">${baseUrl ? `<base href="${escape(baseUrl)}">` : ""}<title>${escape(title)}</title><style>${PRINT_CSS}</style></head><body>${markdownToHtml(markdown)}</body></html>`;
