// Block Kit → HTML, enough to recognise what the bot posted: sections (text, fields),
// context, actions (buttons, selects, date-time pickers), headers, dividers, images, inputs.
(function () {
"use strict";

const EMOJI = {
  speech_balloon: "💬", warning: "⚠️", point_down: "👇", white_check_mark: "✅", eyes: "👀", bell: "🔔",
  alarm_clock: "⏰", x: "❌", hourglass: "⏳", hourglass_flowing_sand: "⏳", rotating_light: "🚨", memo: "📝",
  envelope: "✉️", zzz: "💤", sunrise: "🌅", new: "🆕", lock: "🔒", outbox_tray: "📤", inbox_tray: "📥",
  arrow_right: "➡️", information_source: "ℹ️", calendar: "📅", bar_chart: "📊", chart_with_upwards_trend: "📈",
  telephone_receiver: "📞", busts_in_silhouette: "👥", bust_in_silhouette: "👤", heavy_check_mark: "✔️",
  no_entry_sign: "🚫", label: "🏷️", star: "⭐", fire: "🔥", wave: "👋", repeat: "🔁", mag: "🔍",
  paperclip: "📎", camera: "📷", speaker: "🔈", page_facing_up: "📄", clock1: "🕐", hand: "✋",
};

function esc(text) {
  return String(text).replace(/&(?!(amp|lt|gt|quot|#\d+);)/g, "&amp;")
    .replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function plain(text) {
  return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function person(id) {
  return "@" + (window.sandboxName ? window.sandboxName(id) : id);
}

// Slack mrkdwn (already Slack-escaped) → safe HTML.
function mrkdwn(text) {
  const parts = String(text || "").split(/<([^<>]*)>/);
  let html = "";
  parts.forEach((part, i) => {
    if (i % 2 === 0) { html += styled(esc(part)); return; }
    const [target, label] = part.split("|", 2);
    if (target.startsWith("@")) html += `<span class="mention">${plain(person(target.slice(1)))}</span>`;
    else if (target.startsWith("#")) html += `<span class="mention">#${plain(label || target.slice(1))}</span>`;
    else if (target.startsWith("!subteam^")) html += `<span class="mention">@${plain(label || target.slice(9))}</span>`;
    else if (target.startsWith("!")) html += `<span class="mention">@${plain(target.slice(1))}</span>`;
    else html += `<a href="${esc(target)}" target="_blank" rel="noopener">${styled(esc(label || target))}</a>`;
  });
  return html.replace(/\n/g, "<br>");
}

function styled(html) {
  return html
    .replace(/```([\s\S]+?)```/g, "<pre>$1</pre>")
    .replace(/`([^`\n]+)`/g, "<code>$1</code>")
    .replace(/(^|[\s(])\*([^*\n]+)\*/g, "$1<b>$2</b>")
    .replace(/(^|[\s(])_([^_\n]+)_/g, "$1<i>$2</i>")
    .replace(/(^|[\s(])~([^~\n]+)~/g, "$1<s>$2</s>")
    .replace(/:([a-z0-9_+-]+):/g, (all, name) => EMOJI[name] || all);
}

function textObject(obj) {
  if (!obj) return "";
  return obj.type === "mrkdwn" ? mrkdwn(obj.text) : styled(esc(obj.text));
}

function optionText(option) {
  return plain(option && option.text ? option.text.text : "");
}

function element(el, ctx) {
  const data = `data-action-id="${esc(el.action_id || "")}" data-block-id="${esc(ctx.blockId || "")}"`;
  switch (el.type) {
    case "button": {
      const style = el.style ? ` btn-${esc(el.style)}` : "";
      return `<button type="button" class="bk-button${style}" ${data} data-value="${esc(el.value || "")}">${textObject(el.text)}</button>`;
    }
    case "static_select": {
      const chosen = el.initial_option ? el.initial_option.value : "";
      const options = (el.options || []).map(o =>
        `<option value="${esc(o.value)}"${o.value === chosen ? " selected" : ""}>${optionText(o)}</option>`).join("");
      const placeholder = el.placeholder ? plain(el.placeholder.text) : "Choose";
      return `<select class="bk-select" ${data}><option value="" disabled${chosen ? "" : " selected"}>${placeholder}</option>${options}</select>`;
    }
    case "datetimepicker":
      return `<input type="datetime-local" class="bk-datetime" ${data}>`;
    case "plain_text_input":
      return el.multiline ? `<textarea class="bk-input" ${data}></textarea>` : `<input class="bk-input" ${data}>`;
    case "image":
      return `<img class="bk-thumb" src="${esc(el.image_url)}" alt="${esc(el.alt_text || "")}">`;
    case "mrkdwn": case "plain_text":
      return `<span>${textObject(el)}</span>`;
    default:
      return `<span class="muted">[${esc(el.type)}]</span>`;
  }
}

function block(b) {
  const ctx = { blockId: b.block_id };
  switch (b.type) {
    case "section": {
      let html = b.text ? `<div class="bk-text">${textObject(b.text)}</div>` : "";
      if (b.fields) html += `<div class="bk-fields">${b.fields.map(f => `<div>${textObject(f)}</div>`).join("")}</div>`;
      if (b.accessory) html += `<div class="bk-accessory">${element(b.accessory, ctx)}</div>`;
      return `<div class="bk-section">${html}</div>`;
    }
    case "context":
      return `<div class="bk-context">${(b.elements || []).map(e => element(e, ctx)).join(" · ")}</div>`;
    case "actions":
      return `<div class="bk-actions" data-block-id="${esc(b.block_id || "")}">${(b.elements || []).map(e => element(e, ctx)).join("")}</div>`;
    case "header":
      return `<div class="bk-header">${textObject(b.text)}</div>`;
    case "divider":
      return `<hr class="bk-divider">`;
    case "image":
      return `<img class="bk-image" src="${esc(b.image_url)}" alt="${esc(b.alt_text || "")}">`;
    case "input":
      return `<div class="bk-input-block" data-block-id="${esc(b.block_id || "")}"><label>${textObject(b.label)}${b.optional ? ' <span class="muted">(optional)</span>' : ""}</label>${element(b.element, ctx)}</div>`;
    case "rich_text":
      return `<div class="bk-text">${plain(JSON.stringify(b.elements).slice(0, 200))}</div>`;
    default:
      return `<div class="muted">[${esc(b.type)} block]</div>`;
  }
}

function renderBlocks(blocks, fallback) {
  if (!blocks || !blocks.length) return `<div class="bk-text">${mrkdwn(fallback || "")}</div>`;
  return blocks.map(block).join("");
}

window.BlockKit = { renderBlocks, mrkdwn, esc, plain };
})();
