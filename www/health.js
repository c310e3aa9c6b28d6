// Gradient health on the page: the panel's charts (render/health.js) fed
// from the engine's health history, and the engine's diagnoses with their
// one-click remedies, each a config change that keeps the rest.

import { HealthCharts, chartOf } from "./render/health.js";
import { drawHistograms, histogramSummary } from "./render/histograms.js";

const $ = (id) => document.getElementById(id);

/** What each remedy changes: its button's label, its explanation and the change. */
export const REMEDIES = {
  relu_he: {
    label: "ReLU + He initialisation",
    title: "Every hidden layer ReLU, weights drawn by He's rule (new initial weights)",
    mutate: (c, catalog) => {
      for (const h of c.hidden) h.activation = "relu";
      c.init = { ...initDefaults(catalog, "he_normal") };
    },
  },
  tanh_xavier: {
    label: "tanh + Xavier initialisation",
    title: "Every hidden layer tanh, weights drawn by Glorot's rule (new initial weights)",
    mutate: (c, catalog) => {
      for (const h of c.hidden) h.activation = "tanh";
      c.init = { ...initDefaults(catalog, "xavier_normal") };
    },
  },
  leaky_relu: {
    label: "Leaky ReLU",
    title: "Every ReLU layer leaky, so a neuron below 0 still passes a gradient",
    mutate: (c) => {
      for (const h of c.hidden) if (h.activation === "relu") h.activation = "leaky_relu";
    },
  },
  fewer_layers: {
    label: "Fewer layers",
    title: "Half as many hidden layers (the first ones kept)",
    mutate: (c) => {
      c.hidden = c.hidden.slice(0, Math.max(1, Math.ceil(c.hidden.length / 2)));
    },
  },
  adam: {
    label: "Adam",
    title: "The Adam optimizer, which scales each weight's step by its own gradient's size",
    mutate: (c, catalog) => {
      c.optimizer = { ...catalog.optimizers.find((o) => o.name === "adam").defaults };
    },
  },
  lower_learning_rate: {
    label: "Learning rate ÷ 10",
    title: "A learning rate ten times lower",
    mutate: (c) => {
      c.learning_rate = Number((c.learning_rate / 10).toPrecision(6));
    },
  },
  higher_learning_rate: {
    label: "Learning rate × 10",
    title: "A learning rate ten times higher",
    mutate: (c) => {
      c.learning_rate = Math.min(10, Number((c.learning_rate * 10).toPrecision(6)));
    },
  },
  clip: {
    label: "Clip gradients at norm 1",
    title: "Scale the gradients down whenever their global norm is above 1",
    mutate: (c) => {
      c.clip_norm = 1;
    },
  },
};

function initDefaults(catalog, name) {
  return catalog.inits.find((i) => i.name === name).defaults;
}

export class HealthPanel {
  /** `page`: the controller (its lab, catalog, change() and reset()). */
  constructor(page) {
    this.page = page;
    this.panel = $("health-panel");
    this.charts = new HealthCharts($("health-charts"), $("health-table"), $("health-empty"));
    this.list = $("diagnoses");
    this.shown = "";
    this.histograms = $("histograms");
    $("show-histograms").addEventListener("click", (e) => {
      this.histograms.hidden = !this.histograms.hidden;
      e.target.setAttribute("aria-expanded", String(!this.histograms.hidden));
      this.histogramKey = null;
      page.requestRender();
    });
    $("health-toggle").addEventListener("click", () => this.show(this.panel.hidden));
  }

  reset() {
    this.charts.reset();
  }

  /** Opens or closes the panel (its button says which). */
  show(open) {
    this.panel.hidden = !open;
    $("health-toggle").setAttribute("aria-expanded", String(open));
    this.charts.dirty = true;
    this.histogramKey = null;
    if (open) this.page.requestRender();
  }

  get open() {
    return !this.panel.hidden;
  }

  /** Reads what is new of the health history; draws the charts when the panel is open; shows the diagnoses. */
  render() {
    const lab = this.page.lab;
    const health = lab.health(this.charts.consumed);
    const restarted = health.length < this.charts.consumed || health.thinned !== this.charts.thinned;
    if (restarted) this.charts.reset();
    this.charts.append(restarted ? lab.health(0) : health);
    // While playing, the charts redraw a few times a second: enough to watch, little of a frame.
    const now = performance.now();
    if (this.open && (!this.page.playing || now - (this.drawnAt ?? 0) > 250)) {
      this.charts.draw();
      this.drawnAt = now;
    }
    if (this.open && !this.histograms.hidden) this.renderHistograms(now);
    this.renderDiagnoses(lab.diagnoses());
  }

  /** The batch's histograms, when asked for: again when the batch or the network changed (a few times a second while playing). */
  renderHistograms(now) {
    const { lab, version, playing } = this.page;
    const key = `${lab.batches}:${version}:${lab.timeline().viewing}`;
    if (key === this.histogramKey || (playing && now - (this.histogramsAt ?? 0) < 250)) return;
    this.histogramKey = key;
    this.histogramsAt = now;
    const layers = lab.histograms(24);
    drawHistograms($("histogram-canvas"), layers);
    $("histogram-summary").replaceChildren(
      ...histogramSummary(layers).map((text) => {
        const item = document.createElement("li");
        item.textContent = text;
        return item;
      }),
    );
  }

  /** The diagnoses, each with a link to its chart and its remedies (redrawn only when they change). */
  renderDiagnoses(diagnoses) {
    const key = diagnoses.map((d) => d.message).join("\n");
    if (key === this.shown) return;
    this.shown = key;
    this.diagnoses = diagnoses;
    this.list.replaceChildren();
    this.list.hidden = diagnoses.length === 0;
    $("health-count").textContent = diagnoses.length ? ` (${diagnoses.length} ${diagnoses.length === 1 ? "diagnosis" : "diagnoses"})` : "";
    for (const d of diagnoses) {
      const item = document.createElement("div");
      item.className = "diagnosis";
      item.dataset.kind = d.kind;
      const text = document.createElement("p");
      text.textContent = `${d.message} `;
      const link = document.createElement("a");
      const chart = chartOf(d.chart);
      link.href = chart === "loss" ? "#chart" : `#health-chart-${chart}`;
      link.textContent = chart === "loss" ? "See the loss chart." : "See the chart.";
      link.addEventListener("click", (e) => {
        e.preventDefault();
        if (chart !== "loss") this.show(true);
        const target = chart === "loss" ? $("chart") : $(`health-chart-${chart}`);
        target.scrollIntoView({ block: "center" });
        target.focus({ preventScroll: true });
      });
      text.append(link);
      const remedies = document.createElement("div");
      remedies.className = "remedies";
      remedies.setAttribute("role", "group");
      remedies.setAttribute("aria-label", "Remedies");
      for (const name of d.remedies) {
        const remedy = REMEDIES[name];
        const button = document.createElement("button");
        button.type = "button";
        button.className = "text-button";
        button.dataset.remedy = name;
        button.textContent = remedy.label;
        button.title = remedy.title;
        button.addEventListener("click", () => this.apply(name, d.kind));
        remedies.append(button);
      }
      item.append(text, remedies);
      this.list.append(item);
    }
  }

  /** Applies a remedy; after a divergence the run starts again from its initial weights with it. */
  apply(name, kind) {
    const page = this.page;
    const diverged = page.lab.diverged;
    const changed = page.change((c) => REMEDIES[name].mutate(c, page.catalog));
    if (changed && (diverged || kind === "exploding")) page.reset();
  }
}
