// The weights calculator of /index: rescores in the page with the rule of
// geoledger/analysis/index/scoring.py (score_partner, rank_scores), step for step and in the
// same order, so the browser gives the numbers the server gives for the same weights.
// Without JavaScript the form still works: it asks the server to recompute (?w_economy=...).
(function () {
  "use strict";

  const source = document.getElementById("index-data");
  const table = document.getElementById("heat");
  const form = document.getElementById("weights");
  if (!source || !table || !form) return;
  const data = JSON.parse(source.textContent);
  const status = document.getElementById("calc-status");
  const serverStatus = status ? status.textContent : "";

  // Python's round(x, digits): correctly rounded, ties to even. toFixed rounds the exact
  // value too but breaks ties upwards, so exact ties (x = ...25, ...75) are settled here.
  function pyRound(x, digits) {
    const exact = x.toFixed(100); // every finite double in 0..1e21 is exact at 100 places
    const dot = exact.indexOf(".");
    const rest = exact.slice(dot + 1 + digits);
    if (rest[0] === "5" && /^50*$/.test(rest)) {
      const kept = exact.slice(0, dot + 1 + digits).replace(/\.$/, "");
      const last = Number(kept[kept.length - 1]);
      if (last % 2 === 0) return Number(kept); // already even: round down
    }
    return Number(x.toFixed(digits));
  }

  // Python's str(float) for a number rounded to one place: "81.0", "7.5".
  function shown(x) {
    return pyRound(x, 1).toFixed(1);
  }

  function percent(share) {
    return pyRound(pyRound(share, 3) * 100, 0).toFixed(0);
  }

  // _weighted_mean: mean of the present values by weight, and the share of weight present.
  function weightedMean(pairs) {
    let total = 0;
    for (const [, w] of pairs) total += w;
    const present = pairs.filter(([v, w]) => v !== null && w > 0);
    let weight = 0;
    for (const [, w] of present) weight += w;
    if (weight === 0) return [null, 0];
    let sum = 0;
    for (const [v, w] of present) sum += v * w;
    return [sum / weight, weight / total];
  }

  // score_partner: domain scores, overall score and coverage, the coverage floor last.
  function scorePartner(normalized, domainWeights, indicatorWeights) {
    const domains = {};
    for (const domain of data.domains) {
      domains[domain] = weightedMean(
        data.indicators
          .filter((i) => i.domain === domain)
          .map((i) => [normalized[i.id] ?? null, indicatorWeights[i.id]])
      );
    }
    let [score] = weightedMean(data.domains.map((d) => [domains[d][0], domainWeights[d] ?? 0]));
    let total = 0;
    for (const d of data.domains) total += domainWeights[d] ?? 0;
    let covered = 0;
    for (const d of data.domains) covered += domains[d][1] * (domainWeights[d] ?? 0);
    const coverage = total ? covered / total : 0;
    if (coverage < data.minCoverage) score = null;
    return { score, coverage, domains };
  }

  // rank_scores: competition ranks (1, 2, 2, 4), highest first; no score, no rank.
  function rankScores(scores) {
    const ranks = {};
    const all = Object.values(scores);
    for (const [partner, score] of Object.entries(scores)) {
      ranks[partner] =
        score === null ? null : 1 + all.filter((s) => s !== null && s > score + 1e-9).length;
    }
    return ranks;
  }

  function heatStyle(cell, score) {
    if (score === null) {
      cell.removeAttribute("style");
      return;
    }
    const h = data.heat;
    const alpha = (h.base + (h.span * score) / 100).toFixed(3);
    cell.style.background = `rgba(${h.rgb[0]}, ${h.rgb[1]}, ${h.rgb[2]}, ${alpha})`;
  }

  // Reads the inputs; null (and the input marked) where a value is not a number >= 0.
  function readWeights() {
    const domainWeights = {};
    const indicatorWeights = {};
    let valid = true;
    for (const input of form.querySelectorAll("input[type=number][name^='w_']")) {
      const name = input.name.slice(2);
      const text = input.value.trim();
      const value = text === "" ? Number(input.dataset.default) : Number(text);
      const ok = Number.isFinite(value) && value >= 0 && input.validity.valid;
      input.setAttribute("aria-invalid", ok ? "false" : "true");
      valid = valid && ok;
      if (data.domains.includes(name)) domainWeights[name] = value;
      else indicatorWeights[name] = value;
    }
    return valid ? { domainWeights, indicatorWeights } : null;
  }

  function sameAsServer(weights) {
    const sameDomains = data.domains.every(
      (d) => weights.domainWeights[d] === data.domainWeights[d]
    );
    return sameDomains && data.indicators.every((i) => weights.indicatorWeights[i.id] === i.weight);
  }

  function cellContent(cell, score, coverage, hasEvidence) {
    const href = cell.dataset.href;
    const count = cell.dataset.evidence;
    cell.replaceChildren();
    if (score !== null) {
      const link = document.createElement("a");
      link.className = "num";
      link.href = href;
      link.title = `${count} claims and events: open the evidence`;
      link.textContent = shown(score);
      const cov = document.createElement("small");
      cov.className = "cov";
      cov.textContent = `${percent(coverage)} %`;
      cell.append(link, cov);
    } else if (hasEvidence) {
      const link = document.createElement("a");
      link.href = href;
      link.title = `${count} claims and events, but their indicators weigh 0`;
      link.textContent = "weight 0";
      cell.append(link);
    } else {
      const none = document.createElement("span");
      none.className = "none-text";
      none.textContent = "no evidence";
      cell.append(none);
    }
    heatStyle(cell, score);
  }

  function recompute() {
    const weights = readWeights();
    if (weights === null) {
      if (status) status.textContent = "A weight must be a number of 0 or more.";
      return;
    }
    const results = {};
    const scores = {};
    for (const p of data.partners) {
      results[p.partner] = scorePartner(p.normalized, weights.domainWeights, weights.indicatorWeights);
      scores[p.partner] = results[p.partner].score;
    }
    const ranks = rankScores(scores);
    const body = table.tBodies[0];
    const rows = data.partners.map((p, order) => {
      const row = body.querySelector(`tr[data-partner="${CSS.escape(p.partner)}"]`);
      const result = results[p.partner];
      row.querySelector(".rank").textContent = ranks[p.partner] ?? "–";
      const overall = row.querySelector(".overall .score");
      overall.textContent = result.score === null ? "no score" : shown(result.score);
      overall.classList.toggle("none-text", result.score === null);
      row.querySelector(".overall .cov").textContent = `${percent(result.coverage)} %`;
      for (const cell of row.querySelectorAll("td.cell")) {
        const domain = cell.dataset.domain;
        const hasEvidence = data.indicators.some(
          (i) => i.domain === domain && p.normalized[i.id] !== null
        );
        cellContent(cell, result.domains[domain][0], result.domains[domain][1], hasEvidence);
      }
      return { row, rank: ranks[p.partner], order };
    });
    // Best rank first, partners without a score last, ties in the partners' own order.
    rows.sort((a, b) => (a.rank === null) - (b.rank === null) || (a.rank ?? 0) - (b.rank ?? 0) || a.order - b.order);
    for (const { row } of rows) body.append(row);
    for (const th of table.tHead.querySelectorAll("th[data-domain]")) {
      th.querySelector(".w").textContent = `weight ${weights.domainWeights[th.dataset.domain]}`;
    }
    table.dataset.computed = "browser";
    if (status) {
      status.textContent = sameAsServer(weights)
        ? serverStatus
        : "Recomputed in your browser. The bar chart, the trend and the evidence tables below " +
          "still use the server's weights: press Recompute on the server to redraw them.";
    }
  }

  // Sliders are an extra for pointer users; the number inputs carry the values and the form.
  for (const range of form.querySelectorAll("input[type=range][data-for]")) {
    const input = form.querySelector(`input[name="${range.dataset.for}"]`);
    range.hidden = false;
    // The range's own listener runs before the form's, so the form sees the new value.
    range.addEventListener("input", () => {
      input.value = range.value;
    });
    input.addEventListener("input", () => {
      if (input.value.trim() !== "") range.value = input.value;
    });
  }
  form.addEventListener("input", recompute);
  recompute();
})();
