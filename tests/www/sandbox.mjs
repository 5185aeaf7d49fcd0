// Starts pmp-sandbox (the binary named by PMP_SANDBOX_BIN, built by `cargo xtask test`) on a free
// port with a fresh in-memory database, and stops it when the test ends.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";

export async function startSandbox(extraArgs = []) {
  const bin = process.env.PMP_SANDBOX_BIN;
  if (!bin) throw new Error("PMP_SANDBOX_BIN is not set: run through `cargo xtask test`");
  const child = spawn(bin, ["--port", "0", "--db", ":memory:", ...extraArgs], { stdio: ["ignore", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("pmp-sandbox did not start within 20 s")), 20_000);
    child.once("exit", (code) => reject(new Error(`pmp-sandbox exited with ${code}`)));
    lines.on("line", (line) => {
      const match = /listening on (http:\/\/\S+)/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
  return {
    url,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      await once(child, "exit");
    },
  };
}
