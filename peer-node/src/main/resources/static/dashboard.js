// qkdchain dashboard: plain JavaScript, no build step. Reads the peer's client API, its topology
// and its live round events (server-sent events at api/v1/events). Key IDs are shown; the peer
// never sends key material, so none can appear here.
"use strict";

const $ = (id) => document.getElementById(id);
const HISTORY = 8;
const state = {
  self: null,
  topology: null,
  rounds: new Map(), // "h/v" -> round
  current: null,
  mine: new Map(), // transaction id -> {text, status, blockIndex}
  lastSeq: 0,
  lastAt: 0,
};

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else node.setAttribute(k, v);
  }
  for (const child of children) {
    if (child == null) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}
const short = (hash, n = 12) => (hash ? String(hash).slice(0, n) : "-");
const time = (ms) => new Date(ms).toLocaleTimeString([], { hour12: false });

// A peer with qkdchain.api.key set answers 401 to writes (and reads, with protect-reads) without
// X-API-Key: the form then asks for the key, kept for this tab only.
function headers(extra) {
  const key = sessionStorage.getItem("qkdchain-api-key");
  return Object.assign({ Accept: "application/json" }, key ? { "X-API-Key": key } : {}, extra);
}

function askForKey() {
  $("api-key-row").hidden = false;
  $("api-key").focus();
}

async function getJson(path) {
  const response = await fetch(path, { headers: headers() });
  if (response.status === 401) askForKey();
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    const error = new Error(body.error || response.status + " " + response.statusText);
    error.status = response.status;
    throw error;
  }
  return response.json();
}

// ---------------------------------------------------------------- topology (hypercube)

function positions(count) {
  const d = Math.round(Math.log2(count));
  const cx = 200, cy = 170;
  if (d <= 3) {
    // Square for d = 2, a cube drawn as two offset squares for d = 3.
    const side = d === 3 ? 170 : 200;
    const depth = d === 3 ? { x: 70, y: -55 } : { x: 0, y: 0 };
    const origin = { x: cx - side / 2 - depth.x / 2, y: cy - side / 2 - depth.y / 2 };
    return [...Array(count).keys()].map((i) => ({
      x: origin.x + (i & 1 ? side : 0) + (i & 4 ? depth.x : 0) + (d === 1 ? 0 : 0),
      y: origin.y + (i & 2 ? side : 0) + (i & 4 ? depth.y : 0) + (d === 1 ? side / 2 : 0),
    }));
  }
  return [...Array(count).keys()].map((i) => {
    const angle = (2 * Math.PI * i) / count - Math.PI / 2;
    return { x: cx + 150 * Math.cos(angle), y: cy + 150 * Math.sin(angle) };
  });
}

function heat(bits, max) {
  if (!bits) return { color: "#cfd5df", width: 2 };
  const t = Math.min(1, bits / Math.max(1, max));
  const stops = [[124, 198, 184], [240, 164, 58], [210, 67, 59]];
  const a = t < 0.5 ? stops[0] : stops[1];
  const b = t < 0.5 ? stops[1] : stops[2];
  const u = t < 0.5 ? t * 2 : (t - 0.5) * 2;
  const mix = a.map((c, i) => Math.round(c + (b[i] - c) * u));
  return { color: `rgb(${mix.join(",")})`, width: 3 + 5 * t };
}

function drawCube() {
  const topo = state.topology;
  if (!topo) return;
  const svg = $("cube");
  const ns = "http://www.w3.org/2000/svg";
  svg.replaceChildren();
  const at = positions(topo.peers.length);
  const where = new Map(topo.peers.map((p) => [p.id, at[p.index]]));
  const max = Math.max(0, ...topo.links.map((l) => l.recentBits));
  const links = [...topo.links].sort((a, b) => Number(a.physical) - Number(b.physical));
  for (const link of links) {
    const a = where.get(link.a), b = where.get(link.b);
    const look = heat(link.recentBits, max);
    const line = document.createElementNS(ns, "line");
    line.setAttribute("x1", a.x); line.setAttribute("y1", a.y);
    line.setAttribute("x2", b.x); line.setAttribute("y2", b.y);
    line.setAttribute("stroke", look.color);
    line.setAttribute("stroke-width", link.physical ? look.width : Math.max(1.5, look.width / 2));
    line.setAttribute("class", "link " + (link.physical ? "physical" : "logical"));
    line.setAttribute("data-link", link.a + "-" + link.b);
    const title = document.createElementNS(ns, "title");
    title.textContent =
      `${link.a} - ${link.b}: ${link.recentBits} bits in the last ${topo.windowSeconds} s, ` +
      `${link.totalBits} since start` + (link.own ? " (this peer's link)" : " (inferred from proposals)");
    line.append(title);
    svg.append(line);
    if (link.physical && link.recentBits) {
      const label = document.createElementNS(ns, "text");
      label.setAttribute("x", (a.x + b.x) / 2);
      label.setAttribute("y", (a.y + b.y) / 2 - 6);
      label.setAttribute("class", "bits");
      label.textContent = formatBits(link.recentBits);
      svg.append(label);
    }
  }
  const proposer = state.current && state.current.proposer;
  for (const peer of topo.peers) {
    const p = where.get(peer.id);
    const g = document.createElementNS(ns, "g");
    const roles = [peer.id === topo.self ? "self" : "", peer.id === proposer ? "proposer" : ""];
    g.setAttribute("class", "node " + roles.join(" "));
    g.setAttribute("data-peer", peer.id);
    const circle = document.createElementNS(ns, "circle");
    circle.setAttribute("cx", p.x); circle.setAttribute("cy", p.y); circle.setAttribute("r", 30);
    const name = document.createElementNS(ns, "text");
    name.setAttribute("x", p.x); name.setAttribute("y", p.y + 4);
    name.textContent = peer.id;
    g.append(circle, name);
    const role = [peer.id === topo.self ? "this peer" : "", peer.id === proposer ? "proposer" : ""]
      .filter(Boolean).join(" · ");
    if (role) {
      const r = document.createElementNS(ns, "text");
      r.setAttribute("x", p.x); r.setAttribute("y", p.y + 44);
      r.setAttribute("class", "role");
      r.textContent = role;
      g.append(r);
    }
    svg.append(g);
  }
}

// Per link direction: the epoch and age of the QKD key that authenticates it, and the key bits
// spent on authentication (docs/dashboard.md).
function drawLinkAuth(topo) {
  const table = $("link-auth");
  const rows = topo.linkAuth || [];
  table.hidden = rows.length === 0;
  $("link-auth-mode").textContent = topo.peerAuth ? "(" + topo.peerAuth + ")" : "";
  $("link-auth-rows").replaceChildren(...rows.map((r) => {
    const tr = document.createElement("tr");
    const name = r.direction === "inbound" ? `${r.peer} → ${topo.self}` : `${topo.self} → ${r.peer}`;
    const cells = [name, r.epoch || "-", r.ageSeconds < 0 ? "-" : r.ageSeconds + " s",
      formatBits(r.bitsSpent), r.expired ? "expired" + (r.lastFailure ? ": " + r.lastFailure : "") : ""];
    for (const text of cells) tr.append(el("td", { text: String(text) }));
    if (r.expired) tr.className = "bad";
    return tr;
  }));
}

function formatBits(bits) {
  return bits >= 10000 ? (bits / 1000).toFixed(1) + " kbit" : bits + " bit";
}

async function refreshTopology() {
  try {
    const topo = await getJson("api/v1/topology");
    const first = !state.topology;
    state.topology = topo;
    state.self = topo.self;
    if (first) {
      document.title = topo.self + " · qkdchain";
      $("peer-name").textContent = topo.self;
      $("cube-caption").textContent = `${topo.peers.length} peers, d = ${topo.dimension}, ` +
        `quorum ${topo.quorum} of ${topo.peers.length}, up to ${topo.faults} may lie`;
      $("window").textContent = topo.windowSeconds;
      const mode = $("key-mode");
      mode.textContent = "keys: " + (topo.keyMode === "qkd" ? "QKD (ETSI 014)" : topo.keyMode);
      mode.className = "badge " + topo.keyMode;
      $("classical-warning").hidden = topo.keyMode === "qkd";
      $("cube-note").textContent = "Key bits as " + topo.self + " sees them: exact on its own " +
        "links, inferred for the others from the proposals it receives.";
    }
    drawCube();
    drawLinkAuth(topo);
  } catch (e) {
    $("cube-note").textContent = "topology unavailable: " + e.message;
  }
}

// ---------------------------------------------------------------- rounds

function roundOf(event) {
  const key = event.height + "/" + event.view;
  let round = state.rounds.get(key);
  if (!round) {
    round = {
      key, height: event.height, view: event.view, started: event.at, proposer: null,
      blockHash: null, transactions: null, sentTo: [], keys: [], keyFailures: [],
      verdict: null, reason: null, quorum: null, locked: null,
      relay: null, relayedBy: null, // a vote chain asked for a proposal that never came
      phases: { echo: new Set(), accept: new Set(), lock: new Set() }, // voters counted
      tallies: { echo: 0, accept: 0, lock: 0 }, // the highest tally for one block, per phase
      cast: {}, // phase -> block hash this peer voted for
      commit: null, viewChange: null, ignored: 0,
    };
    state.rounds.set(key, round);
    if (!state.current || compare(round, state.current) > 0) {
      if (state.current) archive(state.current);
      state.current = round;
    }
    while (state.rounds.size > HISTORY + 2) state.rounds.delete(state.rounds.keys().next().value);
  }
  return round;
}

function compare(a, b) {
  return a.height !== b.height ? a.height - b.height : a.view - b.view;
}

const PHASES = ["echo", "accept", "lock"];
const PHASE_NAMES = { echo: "Echo", accept: "Accept", lock: "Lock" };

// The most distinct members counted for one block in a phase (the engine's tally).
const tallyOf = (round, phase) => round.tallies[phase];

function apply(event) {
  // A reconnect replays recent events: skip those already applied. A restarted peer counts from 1
  // again, but its events are newer.
  if (event.seq <= state.lastSeq && event.at <= state.lastAt) return;
  state.lastSeq = event.seq;
  state.lastAt = Math.max(state.lastAt, event.at);
  const d = event.data || {};
  if (event.type === "transaction" || event.type === "catch-up" || event.type === "chain-conflict") {
    if (event.type === "catch-up") refreshChain();
    return;
  }
  if (event.type === "misbehaviour") {
    refreshMisbehaviour();
    return;
  }
  const round = roundOf(event);
  switch (event.type) {
    case "proposal-sent":
      round.proposer = d.proposer; round.blockHash = d.blockHash; round.transactions = d.transactions;
      round.sentTo.push(d.to); round.verdict = round.verdict || "proposed";
      break;
    case "key-issued":
    case "key-received":
      round.keys.push(d);
      if (event.type === "key-received") round.proposer = d.master;
      break;
    case "key-failed":
      round.keyFailures.push(d);
      break;
    case "proposal-accepted":
      round.proposer = d.proposer; round.blockHash = d.blockHash; round.verdict = "accepted";
      break;
    case "proposal-rejected":
      round.proposer = round.proposer || d.proposer; round.verdict = "rejected"; round.reason = d.reason;
      break;
    case "relay-requested":
      round.relay = d;
      break;
    case "relayed":
      round.relayedBy = d.from; round.blockHash = round.blockHash || d.blockHash;
      break;
    case "vote-cast":
      round.cast[d.phase] = d.blockHash;
      break;
    case "vote-counted":
      // A vote counts in its own view's round, whichever view this peer is in now.
      if (round.phases[d.phase]) {
        round.phases[d.phase].add(d.voter);
        round.tallies[d.phase] = Math.max(round.tallies[d.phase], d.tally);
      }
      round.quorum = d.quorum;
      break;
    case "locked":
      round.locked = d.blockHash;
      break;
    case "vote-ignored":
      round.ignored++;
      break;
    case "view-change": {
      const previous = state.rounds.get(event.height + "/" + d.fromView);
      if (previous) previous.viewChange = d.toView;
      break;
    }
    case "commit":
      round.commit = d;
      for (const id of d.transactionIds || []) markCommitted(id, d.index);
      refreshChain();
      break;
  }
  scheduleRender();
}

let renderPending = false;
function scheduleRender() {
  if (renderPending) return;
  renderPending = true;
  requestAnimationFrame(() => { renderPending = false; renderRound(); });
}

function step(title, stateName, when, ...body) {
  return el("li", { "data-state": stateName },
    el("div", { class: "step-title" }, title, when ? el("span", { class: "when", text: when }) : null),
    el("div", { class: "step-body" }, ...body));
}

function renderRound() {
  const r = state.current;
  const timeline = $("timeline");
  if (!r) {
    timeline.replaceChildren(el("li", { "data-state": "idle" },
      el("div", { class: "step-title", text: "Waiting for a transaction" }),
      el("div", { class: "step-body", text: "Submit one and follow its round here." })));
    return;
  }
  const quorum = r.quorum || (state.topology && state.topology.quorum) || 0;
  $("round-title").textContent = `block #${r.height} · view ${r.view}` +
    (r.proposer ? ` · proposer ${r.proposer}` : "");
  const tallies = Object.fromEntries(PHASES.map((p) => [p, tallyOf(r, p)]));
  const progress = PHASES.reduce((sum, p) => sum + Math.min(quorum, tallies[p]), 0);
  const fill = $("tally-fill");
  fill.style.width = quorum ? Math.min(100, (100 * progress) / (3 * quorum)) + "%" : "0";
  fill.classList.toggle("done", !!r.commit);
  $("tally-text").textContent = PHASES.map((p) => `${PHASE_NAMES[p]} ${tallies[p]}/${quorum}`).join(" · ");

  const steps = [];
  const failed = r.verdict === "rejected" || r.viewChange != null;
  // 1. Proposal
  const txs = r.transactions != null ? `${r.transactions} transaction(s)` : "";
  steps.push(step("Proposal", r.blockHash || r.proposer ? "done" : "active", time(r.started),
    r.proposer
      ? el("div", { class: "row" }, `${r.proposer} proposes block #${r.height} `,
          el("span", { class: "mono", text: short(r.blockHash) }), txs ? " · " + txs : "",
          r.sentTo.length ? ` · sent to ${r.sentTo.join(", ")}` : "")
      : el("div", { class: "row", text: "waiting for the proposer" }),
    r.relay ? el("div", { class: "row" }, "no proposal here, but f + 1 echoes: asking the echoers along a vote chain ",
      el("span", { class: "origin " + r.relay.origin, text: r.relay.origin === "qrng" ? "QRNG" : "SecureRandom fallback" }),
      " " + (r.relay.order.join(" → ") || "(no one to ask)")) : null,
    r.relayedBy ? el("div", { class: "row ok", text: `block relayed by ${r.relayedBy}` }) : null));
  // 2. Key exchange
  const keyRows = r.keys.map((k) => el("div", { class: "row" },
    `${k.master} → ${k.slave} · ${k.bits} bits · `,
    ...(k.keyIds && k.keyIds.length
      ? k.keyIds.map((id) => el("span", { class: "keyid", title: id, text: short(id, 13) }))
      : [el("span", { class: "muted", text: "classical key, no key ID (sent in the clear)" })])));
  for (const f of r.keyFailures) {
    keyRows.push(el("div", { class: "row bad", text: `no key for the link with ${f.peer}: ${f.reason}` }));
  }
  steps.push(step("Key exchange", r.keyFailures.length ? "failed" : r.keys.length ? "done" : "pending",
    null, ...(keyRows.length ? keyRows : [el("div", { class: "row", text: "no round key yet" })])));
  // 3. Group signature
  let sig;
  if (r.verdict === "accepted") {
    sig = el("div", { class: "row ok", text: "Toeplitz MAC verified: this peer's hashed signature is in the group signature" });
  } else if (r.verdict === "proposed") {
    sig = el("div", { class: "row ok", text: `group signature of ${r.sentTo.length + 1} hashed signatures sent with the proposal` });
  } else if (r.verdict === "rejected") {
    sig = el("div", { class: "row bad", text: "rejected: " + r.reason });
  } else {
    sig = el("div", { class: "row", text: "not checked yet" });
  }
  steps.push(step("Group signature", r.verdict === "rejected" ? "failed" : r.verdict ? "done" : "pending", null, sig));
  // 4. Votes: echo, accept, lock, each counted from its sender against the quorum
  const members = state.topology ? state.topology.peers.map((p) => p.id) : [];
  const phaseRows = PHASES.map((phase) => {
    const votes = r.phases[phase];
    const chips = members.map((member) => el("span", {
      class: "chip" + (votes.has(member) ? " voted" : ""), "data-voter": member,
      title: `${member}: ${votes.has(member) ? PHASE_NAMES[phase] + " counted" : "not heard"}`, text: member }));
    const reached = quorum && tallies[phase] >= quorum;
    return el("div", { class: "phase-row", "data-phase": phase },
      el("span", { class: "who" }, PHASE_NAMES[phase],
        el("span", { class: "count" + (reached ? " reached" : ""), text: ` ${tallies[phase]}/${quorum}` })),
      ...chips,
      r.cast[phase] ? el("span", { class: "muted", text: ` · ${state.self || "this peer"} sent ${PHASE_NAMES[phase]} for ` + short(r.cast[phase]) }) : null);
  });
  if (r.locked) {
    phaseRows.push(el("div", { class: "row ok" }, "LOCKED on ",
      el("span", { class: "mono", text: short(r.locked) }), " (persisted before this peer's Lock vote)"));
  }
  const anyVote = PHASES.some((p) => r.phases[p].size);
  const votingState = r.commit ? "done" : failed ? "failed" : anyVote ? "active" : "pending";
  if (r.ignored) phaseRows.push(el("div", { class: "row", text: `${r.ignored} message(s) ignored (see qkdchain_votes_total)` }));
  steps.push(step("Votes", votingState, null, ...phaseRows));
  // 5. Commit
  if (r.commit) {
    steps.push(step("Commit", "done", null, el("div", { class: "row ok" },
      `CONSENSUS ACHIEVED: block #${r.commit.index} committed in ${r.commit.roundMillis} ms, ` +
      `Lock votes from ${(r.commit.lockedBy || []).join(", ") || "-"} · `,
      el("span", { class: "mono", text: short(r.commit.blockHash) }))));
  } else if (r.viewChange != null) {
    steps.push(step("Commit", "failed", null, el("div", { class: "row bad",
      text: `no commit in view ${r.view}: view change to ${r.viewChange}` })));
  } else {
    steps.push(step("Commit", "pending", null, el("div", { class: "row", text: `needs Lock votes from ${quorum} members` })));
  }
  timeline.replaceChildren(...steps);
  drawCube();
}

function archive(round) {
  const outcome = round.commit
    ? el("span", { class: "ok", text: `committed in ${round.commit.roundMillis} ms` })
    : round.viewChange != null ? el("span", { class: "bad", text: "view change" })
    : round.verdict === "rejected" ? el("span", { class: "bad", text: "rejected: " + round.reason })
    : el("span", { text: "superseded" });
  const item = el("li", {}, `#${round.height} view ${round.view} · ${round.proposer || "?"} · ` +
    `lock ${tallyOf(round, "lock")} · `, outcome);
  const list = $("history");
  list.prepend(item);
  while (list.children.length > HISTORY) list.lastChild.remove();
}

// ---------------------------------------------------------------- live events

function connect() {
  const live = $("live");
  const source = new EventSource("api/v1/events");
  source.onopen = () => { live.dataset.state = "live"; $("live-text").textContent = "live"; };
  source.onmessage = (message) => {
    try { apply(JSON.parse(message.data)); } catch (e) { console.error("bad event", e); }
  };
  source.onerror = () => {
    // EventSource reconnects by itself; the peer replays its recent events.
    live.dataset.state = "down";
    $("live-text").textContent = "reconnecting";
  };
}

// ---------------------------------------------------------------- chain

let chainRefresh = null;
function refreshChain() {
  if (chainRefresh) return;
  chainRefresh = setTimeout(async () => {
    chainRefresh = null;
    try {
      const round = await getJson("api/v1/round");
      $("height").textContent = round.height - 1;
      $("pending").textContent = round.pendingTransactions;
      $("outbox-dropped").textContent = round.outboxDropped;
      $("outbox-dropped").classList.toggle("alarm", round.outboxDropped > 0);
      $("outbox-batches").textContent = round.outboxBatches;
      $("pending-fsyncs").textContent = round.pendingFsyncs;
      const from = Math.max(0, round.height - 10);
      const blocks = await getJson(`api/v1/blocks?from=${from}&limit=10`);
      renderBlocks(blocks.reverse());
    } catch (e) {
      console.warn("chain refresh failed", e);
    }
  }, 150);
}

const seenBlocks = new Set();
function renderBlocks(blocks) {
  const rows = blocks.map((b) => {
    const fresh = seenBlocks.size > 0 && !seenBlocks.has(b.hash);
    seenBlocks.add(b.hash);
    return el("tr", { class: fresh ? "fresh" : "", "data-index": b.index },
      el("td", { text: b.index }),
      el("td", { class: "mono", title: b.hash, text: short(b.hash) }),
      el("td", { text: b.index === 0 ? "genesis" : time(b.timestamp) }),
      el("td", { text: b.transactions.length }),
      el("td", { title: b.data, text: b.data }),
      el("td", { title: b.commit ? b.commit.lockedBy.join(", ") : "", text: b.commit ? b.commit.lockedBy.length : "-" }));
  });
  $("blocks").replaceChildren(...rows);
}

async function search(query) {
  const out = $("search-result");
  out.hidden = false;
  out.replaceChildren(el("span", { text: "searching…" }));
  try {
    let block;
    if (/^\d+$/.test(query)) {
      block = await getJson("api/v1/blocks/" + query);
    } else {
      const tx = await getJson("api/v1/transactions/" + encodeURIComponent(query));
      if (tx.status !== "COMMITTED") {
        out.replaceChildren(el("div", {}, "transaction ", el("span", { class: "mono", text: tx.id }),
          " is ", el("span", { class: "status " + tx.status, text: tx.status })));
        return;
      }
      block = await getJson("api/v1/blocks/" + tx.blockIndex);
    }
    out.replaceChildren(blockDetail(block, query));
  } catch (e) {
    out.replaceChildren(el("span", { class: "bad", text: e.message }));
  }
}

function blockDetail(b, query) {
  const txs = el("ul", {}, ...b.transactions.map((t) =>
    el("li", { class: t.id === query ? "ok" : "" }, el("span", { class: "mono", text: t.id }), " · ", t.data)));
  const lockedBy = b.commit ? b.commit.lockedBy.join(", ") || "genesis" : "-";
  return el("div", {},
    el("div", {}, el("strong", { text: `Block #${b.index}` }), " · ",
      el("span", { class: "mono", text: b.hash })),
    el("div", {}, "previous ", el("span", { class: "mono", text: short(b.previousBlockHash, 16) }),
      " · ", b.index === 0 ? "genesis" : new Date(b.timestamp).toLocaleString()),
    b.commit ? el("div", {}, `committed in view ${b.commit.view}; Lock votes this peer counted from: ${lockedBy}`) : null,
    txs);
}

// ---------------------------------------------------------------- misbehaviour

let misbehaviourRefresh = null;
function refreshMisbehaviour() {
  if (misbehaviourRefresh) return;
  misbehaviourRefresh = setTimeout(async () => {
    misbehaviourRefresh = null;
    try {
      renderMisbehaviour(await getJson("api/v1/misbehaviour"));
    } catch (e) {
      $("misbehaviour-note").textContent = "misbehaviour unavailable: " + e.message;
    }
  }, 150);
}

function renderMisbehaviour(table) {
  $("misbehaviour-head").replaceChildren(el("tr", {}, el("th", { text: "member" }),
    ...table.kinds.map((kind) => el("th", { text: kind })), el("th", { text: "total" })));
  $("misbehaviour").replaceChildren(...table.rows.map((row) =>
    el("tr", { class: row.total ? "bad" : "", "data-member": row.member },
      el("td", { text: row.member }),
      ...table.kinds.map((kind) => el("td", { text: row.counts[kind] })),
      el("td", { text: row.total }))));
  const flagged = table.rows.filter((row) => row.total).map((row) => row.member);
  $("misbehaviour-note").textContent = flagged.length
    ? `${flagged.join(", ")}: proven to this peer only (qkdchain_member_misbehaviour_total); ` +
      "each member is logged once per kind"
    : "nothing proven against any member since this peer started";
}

// ---------------------------------------------------------------- submit

function renderMine() {
  const list = $("my-transactions");
  if (!state.mine.size) return;
  const rows = [...state.mine.entries()].reverse().map(([id, tx]) =>
    el("li", { "data-tx-id": id, "data-status": tx.status },
      el("span", { class: "status " + tx.status, text: tx.status }),
      el("span", { class: "text", title: tx.text, text: tx.text }),
      el("span", { class: "mono", title: id, text: tx.blockIndex != null ? `block #${tx.blockIndex}` : short(id, 8) })));
  list.replaceChildren(...rows);
}

function markCommitted(id, blockIndex) {
  const tx = state.mine.get(id);
  if (tx && tx.status !== "COMMITTED") {
    tx.status = "COMMITTED";
    tx.blockIndex = blockIndex;
    renderMine();
  }
}

async function submit(event) {
  event.preventDefault();
  const text = $("tx-data").value;
  const button = $("tx-submit");
  const message = $("tx-message");
  if (!text) return;
  button.disabled = true;
  message.className = "form-message";
  message.textContent = "sending…";
  try {
    const key = $("api-key").value;
    if (key) sessionStorage.setItem("qkdchain-api-key", key);
    const response = await fetch("api/v1/transactions", {
      method: "POST",
      headers: headers({ "Content-Type": "application/json" }),
      body: JSON.stringify({ data: text }),
    });
    if (response.status === 401) askForKey();
    const body = await response.json();
    if (!response.ok) throw new Error(body.error || response.statusText);
    state.mine.set(body.id, { text, status: body.status, blockIndex: body.blockIndex });
    renderMine();
    message.textContent = "recorded by " + (state.self || "this peer") + "; waiting for the commit";
    $("tx-data").value = "";
  } catch (e) {
    message.className = "form-message bad";
    message.textContent = "not accepted: " + e.message;
  } finally {
    button.disabled = false;
  }
}

// The event stream may have been down when the commit happened: ask for what is still pending.
async function pollPending() {
  for (const [id, tx] of state.mine) {
    if (tx.status !== "PENDING") continue;
    try {
      const status = await getJson("api/v1/transactions/" + encodeURIComponent(id));
      if (status.status === "COMMITTED") markCommitted(id, status.blockIndex);
    } catch (e) {
      if (e.status === 404) { tx.status = "FAILED"; renderMine(); }
    }
  }
}

// ---------------------------------------------------------------- start

$("tx-form").addEventListener("submit", submit);
$("search-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const q = $("search").value.trim();
  if (q) search(q);
});
renderRound();
refreshTopology();
refreshChain();
refreshMisbehaviour();
connect();
setInterval(refreshTopology, 2000);
setInterval(refreshChain, 5000);
setInterval(refreshMisbehaviour, 5000);
setInterval(pollPending, 3000);
