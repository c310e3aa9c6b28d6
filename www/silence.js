// Switching a hidden neuron off (the engine holds its output at 0) and on
// again, from the inspector's button or the O key on a neuron of the
// diagram; training may go on with it off. The address keeps it as
// `off=1.3,2.1`: hidden layer and neuron, both from 1, as the diagram names
// them (hidden layer 1's neuron 3 and hidden layer 2's neuron 1).

/** `off`'s text as `[[layer, neuron], …]` from 0 (each once), or null. */
export function parseOff(text) {
  const pairs = text.split(",");
  if (pairs.length > 1000 || new Set(pairs).size !== pairs.length) return null;
  const read = pairs.map((pair) => /^([1-9][0-9]{0,3})\.([1-9][0-9]{0,3})$/.exec(pair));
  if (read.some((match) => !match)) return null;
  return read.map((match) => [Number(match[1]) - 1, Number(match[2]) - 1]);
}

/** Switched-off neurons (`[[layer, neuron], …]` from 0) as `off`'s text. */
export function writeOff(pairs) {
  return pairs.map(([l, j]) => `${l + 1}.${j + 1}`).join(",");
}

/** Switches off the neurons the address names; returns a warning for each it cannot (no such neuron). */
export function openOff(lab, text) {
  const warnings = [];
  for (const [l, j] of text ? (parseOff(text) ?? []) : []) {
    try {
      lab.setNeuronOff(l, j, true);
    } catch (error) {
      warnings.push(`off: hidden layer ${l + 1}, neuron ${j + 1} cannot be switched off (${error.message})`);
    }
  }
  return warnings;
}

/** Whether neuron `j` of layer `l` is in `off` (`[[layer, neuron]]`). */
export function isOff(off, l, j) {
  return off.some(([layer, neuron]) => layer === l && neuron === j);
}

/**
 * Switches neuron `j` of hidden layer `l` off (`off` true) or on, in the
 * engine; the loss, accuracy, output and diagram follow at once. Returns
 * false (with the engine's message shown) if it could not.
 */
export function switchNeuron(page, l, j, off) {
  try {
    page.lab.setNeuronOff(l, j, off);
  } catch (error) {
    page.messages.show("error", error.message, [], "off");
    return false;
  }
  page.messages.remove("off");
  page.version += 1;
  // Every number of a stepped batch changes: compute them again.
  if (page.steps.stepping) page.lab.runTo("backward");
  page.requestRender();
  page.writeUrl();
  return true;
}

/** Flips neuron `j` of hidden layer `l` between off and on. */
export function toggleNeuron(page, l, j) {
  return switchNeuron(page, l, j, !isOff(page.lab.offNeurons(), l, j));
}
