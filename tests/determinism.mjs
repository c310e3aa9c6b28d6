// Native and wasm builds must agree bit for bit: trains every config of
// determinism-configs.json for 30 epochs in the wasm build (www/pkg) and
// compares every parameter and loss with the native engine's
// (`cargo run --example fingerprint`). Run by `cargo xtask test`.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { initSync, Lab } from "../www/pkg/backprop_lab.js";

const root = new URL("..", import.meta.url);
initSync({ module: readFileSync(new URL("www/pkg/backprop_lab_bg.wasm", root)) });

const configs = JSON.parse(readFileSync(new URL("tests/determinism-configs.json", root), "utf8"));
const native = JSON.parse(execFileSync("cargo", ["run", "--quiet", "--example", "fingerprint"], { cwd: root, encoding: "utf8" }));

const bits = (values) => {
  const view = new DataView(new ArrayBuffer(8));
  return Array.from(values, (v) => {
    view.setFloat64(0, v);
    return view.getBigUint64(0).toString(16).padStart(16, "0");
  });
};

let failures = 0;
configs.forEach((config, i) => {
  const lab = new Lab(config);
  lab.trainEpochs(30);
  const wasm = { params: bits(lab.snapshot().params), trainLoss: bits(lab.history(0).trainLoss) };
  for (const key of ["params", "trainLoss"]) {
    const first = wasm[key].findIndex((b, k) => b !== native[i][key][k]);
    if (first >= 0 || wasm[key].length !== native[i][key].length) {
      failures += 1;
      console.error(`config ${i} ${key}[${first}]: wasm ${wasm[key][first]}, native ${native[i][key][first]}`);
    }
  }
  lab.free();
});
if (failures > 0) {
  console.error(`determinism: ${failures} mismatch(es) between native and wasm`);
  process.exit(1);
}
console.log(`determinism: ${configs.length} configs, native and wasm agree bit for bit`);
