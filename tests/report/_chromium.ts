/**
 * Headless Chromium for the report tests: Debian's `chromium` driven by
 * playwright-core (never a downloaded browser). Installs the Debian
 * packages when missing and running as root; otherwise says what to run.
 *
 * @module
 */
import { type Browser, chromium, type Page } from "playwright-core";

/** Where Debian installs Chromium. */
export const CHROMIUM = "/usr/bin/chromium";

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

async function run(command: string, args: string[]): Promise<void> {
  const { code, stderr } = await new Deno.Command(command, {
    args,
    env: { DEBIAN_FRONTEND: "noninteractive" },
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).output();
  if (code !== 0) {
    throw new Error(
      `${command} ${args.join(" ")} failed (exit ${code}): ${
        new TextDecoder().decode(stderr).slice(-2000)
      }`,
    );
  }
}

/** Installs Debian's chromium when it is missing (as root). */
export async function ensureChromium(): Promise<void> {
  try {
    await Deno.stat(CHROMIUM);
    return;
  } catch {
    // Missing: install below.
  }
  if (Deno.uid() !== 0) {
    throw new Error(
      `${CHROMIUM} is missing: run "apt-get install -y chromium chromium-driver" as root`,
    );
  }
  console.error("test setup: installing Debian's chromium (apt-get)");
  await run("apt-get", ["update", "-qq"]);
  await run("apt-get", ["install", "-y", "-qq", "chromium", "chromium-driver"]);
}

/** Launches headless Chromium with the network-quiet flags. */
export async function launchChromium(): Promise<Browser> {
  await ensureChromium();
  return await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/** What happened while a page was open. */
export interface PageVisit {
  /** The page. */
  page: Page;
  /** Every URL requested, including the page itself. */
  requests: string[];
  /** Messages of JavaScript dialogs (alert, confirm) that opened. */
  dialogs: string[];
  /** Console messages of level error/warning (e.g. CSP violations). */
  consoleProblems: string[];
  /** Uncaught page errors. */
  pageErrors: string[];
}

/**
 * Opens a local HTML file with the network off: every request other than
 * the file itself is recorded and aborted.
 *
 * @param browser From {@linkcode launchChromium}.
 * @param path Absolute path of the HTML file.
 * @returns The page and what it tried to do.
 */
export async function openOffline(
  browser: Browser,
  path: string,
): Promise<PageVisit> {
  const context = await browser.newContext({
    offline: true,
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  const visit: PageVisit = {
    page,
    requests: [],
    dialogs: [],
    consoleProblems: [],
    pageErrors: [],
  };
  const url = new URL(`file://${path}`).href;
  await context.route("**/*", (route) => {
    const requested = route.request().url();
    return requested === url ? route.continue() : route.abort();
  });
  page.on("request", (request) => visit.requests.push(request.url()));
  page.on("dialog", (dialog) => {
    visit.dialogs.push(dialog.message());
    dialog.dismiss().catch(() => {});
  });
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") {
      visit.consoleProblems.push(message.text());
    }
  });
  page.on("pageerror", (error) => visit.pageErrors.push(error.message));
  await page.goto(url, { waitUntil: "load" });
  return visit;
}
