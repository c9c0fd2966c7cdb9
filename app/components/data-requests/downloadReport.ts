// Saves a report file in the browser. A plain link would reach the app
// without the session token (App Bridge adds it to the app's fetches only),
// so the file is fetched and handed to the browser as a download.
export async function downloadReport(url: string): Promise<void> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`The download failed (HTTP ${response.status}).`);
  const filename = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "")?.[1] ?? "customer-data.json";
  const link = document.createElement("a");
  link.href = URL.createObjectURL(await response.blob());
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // After the click has started the download.
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}
