// Starts pmp-sandbox (in memory, a fresh token) for a test and stops it afterwards.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createInterface } from "node:readline";

/** Starts the sandbox binary; resolves to `{ url, token, stop }` once it listens. */
export function startSandbox(binary) {
  const token = `test-${randomBytes(12).toString("hex")}`;
  const child = spawn(binary, ["--port", "0", "--db", ":memory:", "--token", token], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", resolve);
      child.kill("SIGTERM");
    });
  return new Promise((resolve, reject) => {
    const failed = (why) => reject(new Error(`pmp-sandbox did not start: ${why}`));
    child.once("error", (e) => failed(e.message));
    child.once("exit", (code) => failed(`exited with ${code}`));
    const lines = createInterface({ input: child.stdout });
    lines.once("line", (line) => {
      const match = /^pmp-sandbox listening on (http:\/\/\S+)$/.exec(line.trim());
      if (!match) return failed(`unexpected first line ${JSON.stringify(line)}`);
      child.removeAllListeners("exit");
      lines.on("line", () => {}); // keep draining its output
      resolve({ url: match[1], token, stop });
    });
  });
}
