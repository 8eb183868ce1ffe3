// The sandbox page: polls /sandbox/state, renders the phone and the channels, and turns
// clicks and typing into requests the sandbox signs and sends to the real app.
"use strict";

const { renderBlocks, mrkdwn, esc, plain } = window.BlockKit;
const $ = id => document.getElementById(id);
const SAMPLES = [
  "Hi, I'd like a quote (ref: pricing)",
  "السلام عليكم، كم سعر الباقة الشهرية؟",
  "My invoice from last month looks wrong",
  "marhaba, 3andi so2al 3an el as3ar",
];
let state = null;
let lastJson = "";
let current = null;          // the channel shown
let chosenByHand = false;    // the user picked a channel: do not follow new cards
let knownCards = new Set();
let picture = null;          // data URL of the attached picture

window.sandboxName = id => id && id.startsWith("U0") ? id.slice(2, 3) + id.slice(3).toLowerCase() : id;

async function api(path, body) {
  const response = await fetch(path, {
    method: body === undefined ? "GET" : "POST",
    headers: { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.json();
}

function actor() { return $("actor").value; }

// -- the phone -------------------------------------------------------------------------
function ticks(status) {
  const marks = { queued: "🕓", accepted: "🕓", sent: "✓", delivered: "✓✓", read: "✓✓", failed: "⚠", undelivered: "⚠" };
  return `<span class="ticks ticks-${esc(status || "queued")}" data-status="${esc(status || "queued")}" title="${esc(status || "queued")}">${marks[status] || "🕓"}</span>`;
}

function renderPhone() {
  const time = iso => new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", timeZone: state.timezone });
  $("phone").innerHTML = state.phone.map(m => {
    const media = (m.media || []).map(src => `<img class="bubble-img" src="${esc(src)}" alt="picture">`).join("");
    const text = m.text ? `<div class="bubble-text" dir="auto">${plain(m.text).replace(/\n/g, "<br>")}</div>` : "";
    const meta = `<span class="bubble-meta">${time(m.at)}${m.dir === "out" ? " " + ticks(m.status) : ""}</span>`;
    const cls = m.dir === "in" ? "bubble mine" : "bubble theirs";
    return `<div class="${cls}" data-sid="${esc(m.sid || "")}">${media}${text}${meta}</div>`;
  }).join("");
  $("phone").scrollTop = $("phone").scrollHeight;
}

// -- the channels ----------------------------------------------------------------------
function isCard(m) {
  return (m.blocks || []).some(b => b.type === "actions" && b.block_id === "card_actions");
}

function renderChannels() {
  $("channels").innerHTML = state.channels.map(c => {
    const cards = c.messages.filter(isCard).length;
    const badge = cards ? `<span class="badge">${cards}</span>` : "";
    return `<button type="button" class="channel-link${c.id === current ? " active" : ""}" data-channel="${esc(c.id)}"># ${esc(c.name)} ${badge}</button>`;
  }).join("");
}

function message(m, channel) {
  const who = m.bot_id ? "WA Bridge" : window.sandboxName(m.user);
  const kind = isCard(m) ? " card" : "";
  return `<div class="msg${kind}" data-ts="${esc(m.ts)}" data-channel="${esc(channel.id)}">
    <div class="msg-who">${m.bot_id ? '<span class="app">APP</span> ' : ""}<b>${plain(who)}</b> <span class="muted small">${esc(m.ts)}</span></div>
    <div class="msg-body">${renderBlocks(m.blocks, m.text)}</div></div>`;
}

function renderChannel() {
  const channel = state.channels.find(c => c.id === current) || state.channels[0];
  if (!channel) return;
  current = channel.id;
  $("channel-name").textContent = "# " + channel.name;
  $("lanes-file").textContent = `(${channel.lane ? "lane " + channel.lane + ", " : ""}from ${state.lanes_file})`;
  const parents = channel.messages.filter(m => !m.thread_ts || m.thread_ts === m.ts);
  const html = parents.map(p => {
    const replies = channel.messages.filter(m => m.thread_ts === p.ts && m.ts !== p.ts);
    const files = channel.uploads.filter(u => u.thread_ts === p.ts);
    const privates = channel.private.filter(x => x.thread_ts === p.ts);
    const thread = replies.map(r => message(r, channel)).join("")
      + files.map(f => `<div class="msg file"><b>WA Bridge</b> uploaded <a href="/sandbox/file/${esc(f.file_id)}" target="_blank">${plain(f.name)}</a><br><img class="bk-image" src="/sandbox/file/${esc(f.file_id)}" alt="${esc(f.name)}"></div>`).join("")
      + privates.map(x => ephemeral(x)).join("");
    const box = isCard(p) ? `<form class="thread-reply" data-thread="${esc(p.ts)}" data-channel="${esc(channel.id)}">
        <input class="reply-text" data-key="reply-${esc(p.ts)}" dir="auto" placeholder="Reply in thread (goes to WhatsApp)" autocomplete="off">
        <button type="submit" class="reply-send">Reply</button></form>` : "";
    const threadHtml = (thread || box) ? `<div class="thread">${thread}${box}</div>` : "";
    return `<div class="conversation">${message(p, channel)}${threadHtml}</div>`;
  }).join("");
  const loose = channel.private.filter(x => !x.thread_ts).map(ephemeral).join("")
    + channel.answers.map(a => `<div class="msg ephemeral"><div class="muted small">Only visible to you · ${plain(a.command)}</div>${renderBlocks(a.body.blocks, a.body.text || (a.status === 200 ? "" : "HTTP " + a.status))}</div>`).join("");
  const body = $("channel-body");
  const atBottom = body.scrollHeight - body.scrollTop - body.clientHeight < 40;
  body.innerHTML = html + loose || `<div class="empty muted">No messages yet: send one from the phone.</div>`;
  if (atBottom) body.scrollTop = body.scrollHeight;
}

function ephemeral(x) {
  const label = x.public ? "" : `<div class="muted small">Only visible to ${x.user ? plain("@" + window.sandboxName(x.user)) : "you"}</div>`;
  return `<div class="msg ephemeral">${label}${renderBlocks(x.blocks, x.text)}</div>`;
}

// -- the modal -------------------------------------------------------------------------
function renderModal() {
  const open = state.modals[state.modals.length - 1];
  const modal = $("modal");
  if (!open) { modal.hidden = true; modal.innerHTML = ""; modal.dataset.view = ""; return; }
  if (modal.dataset.view === open.id) return;  // keep what the user is typing
  modal.dataset.view = open.id;
  const view = open.view || {};
  modal.innerHTML = `<div class="modal" role="dialog"><div class="modal-title">${plain((view.title || {}).text || "")}</div>
    <div class="modal-body">${renderBlocks(view.blocks)}</div><div class="modal-errors" id="modal-errors"></div>
    <div class="modal-foot"><button type="button" id="modal-cancel">Cancel</button>
    <button type="button" class="btn-primary" id="modal-submit">${plain((view.submit || {}).text || "Submit")}</button></div></div>`;
  modal.hidden = false;
  $("modal-cancel").onclick = () => api("/sandbox/dismiss", { view_id: open.id }).then(refresh);
  $("modal-submit").onclick = () => submitModal(open);
}

async function submitModal(open) {
  const values = {};
  document.querySelectorAll("#modal .bk-input-block").forEach(blockEl => {
    const field = blockEl.querySelector("[data-action-id]");
    if (!field) return;
    const blockId = blockEl.dataset.blockId, actionId = field.dataset.actionId;
    values[blockId] = values[blockId] || {};
    if (field.tagName === "SELECT") {
      const option = field.selectedOptions[0];
      values[blockId][actionId] = { type: "static_select", selected_option: field.value ?
        { text: { type: "plain_text", text: option.textContent }, value: field.value } : null };
    } else {
      values[blockId][actionId] = { type: "plain_text_input", value: field.value || null };
    }
  });
  const answer = await api("/sandbox/submit", { view_id: open.id, user: actor(), values });
  if (answer.response_action === "errors") {
    $("modal-errors").textContent = Object.values(answer.errors || {}).join(" ");
  }
  refresh();
}

// -- render and poll -------------------------------------------------------------------
function render() {
  const drafts = {};
  document.querySelectorAll("[data-key]").forEach(el => { drafts[el.dataset.key] = el.value; });
  const focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.key : null;
  const cards = state.channels.flatMap(c => c.messages.filter(isCard).map(m => [c.id, m.ts]));
  const fresh = cards.filter(([, ts]) => !knownCards.has(ts));
  if (fresh.length && !chosenByHand) current = fresh[fresh.length - 1][0];
  cards.forEach(([, ts]) => knownCards.add(ts));
  renderPhone();
  renderChannels();
  renderChannel();
  renderModal();
  document.querySelectorAll("[data-key]").forEach(el => {
    if (drafts[el.dataset.key] !== undefined) el.value = drafts[el.dataset.key];
    if (el.dataset.key === focused) el.focus();
  });
  renderClock();
  pickActor();
}

function renderClock() {
  const now = new Date(state.clock.now);
  $("clock").textContent = now.toLocaleString([], { weekday: "short", hour: "2-digit", minute: "2-digit", second: "2-digit", timeZone: state.timezone }) + " " + state.timezone;
  $("speed").value = String(state.clock.speed);
}

function pickActor() {
  const select = $("actor");
  if (select.options.length !== state.people.length) {
    select.innerHTML = state.people.map(p => `<option value="${esc(p)}">${plain(window.sandboxName(p))} (${esc(p)})</option>`).join("");
  }
  const channel = state.channels.find(c => c.id === current);
  if (channel && channel.members.length && !channel.members.includes(select.value) && !select.dataset.byHand) {
    select.value = channel.members[0];
  }
}

async function refresh() {
  const fresh = await api("/sandbox/state");
  const json = JSON.stringify({ ...fresh, clock: null });  // the clock alone changes nothing on screen
  state = fresh;
  $("business-number").textContent = state.business_number;
  if (json !== lastJson) { lastJson = json; render(); } else { renderClock(); }
}

// -- what the user does ----------------------------------------------------------------
$("customer-form").addEventListener("submit", async event => {
  event.preventDefault();
  const text = $("customer-text").value;
  if (!text.trim() && !picture) return;
  $("customer-text").value = "";
  const sent = picture; picture = null; $("picture-name").textContent = ""; $("customer-picture").value = "";
  await api("/sandbox/customer", { text, picture: sent, name: $("customer-name").value, number: $("customer-number").value });
  refresh();
});

$("customer-picture").addEventListener("change", () => {
  const file = $("customer-picture").files[0];
  if (!file) return;
  const reader = new FileReader();
  reader.onload = () => { picture = reader.result; $("picture-name").textContent = "📷 " + file.name; };
  reader.readAsDataURL(file);
});

$("samples").innerHTML = SAMPLES.map(s => `<button type="button" class="sample" dir="auto">${plain(s)}</button>`).join("");
$("samples").addEventListener("click", event => {
  if (event.target.classList.contains("sample")) { $("customer-text").value = event.target.textContent; $("customer-text").focus(); }
});

$("channels").addEventListener("click", event => {
  const link = event.target.closest(".channel-link");
  if (!link) return;
  current = link.dataset.channel; chosenByHand = true; render();
});

$("actor").addEventListener("change", () => { $("actor").dataset.byHand = "1"; });

document.addEventListener("click", async event => {
  const button = event.target.closest("#channel-body .bk-button");
  if (!button) return;
  const msg = button.closest(".msg");
  await api("/sandbox/click", { user: actor(), channel: msg.dataset.channel, ts: msg.dataset.ts, action: {
    type: "button", action_id: button.dataset.actionId, block_id: button.dataset.blockId, value: button.dataset.value,
    text: { type: "plain_text", text: button.textContent } } });
  refresh();
});

document.addEventListener("change", async event => {
  const field = event.target.closest("#channel-body .bk-select, #channel-body .bk-datetime");
  if (!field) return;
  const msg = field.closest(".msg");
  const action = field.tagName === "SELECT"
    ? { type: "static_select", selected_option: { text: { type: "plain_text", text: field.selectedOptions[0].textContent }, value: field.value } }
    : { type: "datetimepicker", selected_date_time: Math.floor(new Date(field.value).getTime() / 1000) };
  await api("/sandbox/click", { user: actor(), channel: msg.dataset.channel, ts: msg.dataset.ts,
    action: { ...action, action_id: field.dataset.actionId, block_id: field.dataset.blockId } });
  refresh();
});

document.addEventListener("submit", async event => {
  const form = event.target.closest(".thread-reply");
  if (!form) return;
  event.preventDefault();
  const input = form.querySelector(".reply-text");
  const text = input.value;
  if (!text.trim()) return;
  input.value = "";
  await api("/sandbox/reply", { user: actor(), channel: form.dataset.channel, thread_ts: form.dataset.thread, text });
  refresh();
});

$("command-form").addEventListener("submit", async event => {
  event.preventDefault();
  const [command, ...rest] = $("command-text").value.trim().split(/\s+/);
  await api("/sandbox/command", { user: actor(), channel: current, command, text: rest.join(" ") });
  refresh();
});

$("speed").addEventListener("change", () => api("/sandbox/clock", { speed: Number($("speed").value) }).then(refresh));
$("advance5").addEventListener("click", () => api("/sandbox/clock", { advance_minutes: 5 }).then(refresh));
$("advance60").addEventListener("click", () => api("/sandbox/clock", { advance_minutes: 60 }).then(refresh));

refresh();
setInterval(refresh, 700);
