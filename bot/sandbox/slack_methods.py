"""The Slack Web API methods the emulator answers (a mixin of `SlackEmulator`; called with its lock held)."""

from __future__ import annotations

import base64
import mimetypes
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from bot.sandbox.slack_history import chat_delete, conversations_history, conversations_replies, files_delete
from bot.sandbox.slack_records import Json, Upload
from bot.sandbox.slack_records import error as _error
from bot.sandbox.slack_records import ok as _ok


class SlackWebApi:
    """State lives in the emulator; these read and change it."""

    team_id: str
    bot_user_id: str
    bot_id: str
    _seq: int
    _messages: dict[tuple[str, str], Json]
    _reactions: set[tuple[str, str, str]]
    _users: dict[str, Json]
    _channels: dict[str, Json]
    _members: dict[str, list[str]]
    _files: dict[str, Json]
    _uploads: list[Upload]
    _lock: Any

    def message(self, channel: str, ts: str) -> Json | None:
        """The message `ts` in `channel` as it stands now (after chat.update), or None."""
        with self._lock:
            found = self._messages.get((channel, ts))
            return dict(found) if found else None

    def channel_messages(self, channel: str) -> list[Json]:
        """Every message in `channel` (threads included), oldest first."""
        with self._lock:
            found = [dict(m) for (c, _ts), m in self._messages.items() if c == channel]
        return sorted(found, key=lambda m: float(m["ts"]))

    def file_content(self, file_id: str) -> tuple[bytes, str] | None:
        """An uploaded file's bytes and type (the sandbox page shows uploaded images)."""
        with self._lock:
            file = self._files.get(file_id)
            if file is None or file["content"] is None:
                return None
            return file["content"], self._mimetype(file)

    @property
    def base_url(self) -> str:
        raise NotImplementedError

    def _next_ts(self) -> str:
        self._seq += 100
        return f"{1700000000 + self._seq // 1_000_000}.{self._seq % 1_000_000:06d}"

    def _store_message(self, channel: str, params: Json, user: str | None = None) -> str:
        ts = self._next_ts()
        message = {"type": "message", "user": user or self.bot_user_id, "ts": ts}
        if user is None:
            message["bot_id"] = self.bot_id
        message["text"] = params.get("text") or ""
        for key in ("blocks", "attachments", "thread_ts", "metadata"):
            if params.get(key) is not None:
                message[key] = params[key]
        self._messages[(channel, ts)] = message
        return ts

    def _auth_test(self, p: Json) -> Json:
        return _ok(
            url="https://acme.slack.com/",
            team="Acme",
            user="wa-bridge",
            team_id=self.team_id,
            user_id=self.bot_user_id,
            bot_id=self.bot_id,
            is_enterprise_install=False,
        )

    def _chat_post_message(self, p: Json) -> Json:
        if not p.get("channel"):
            return _error("channel_not_found")
        if not (p.get("text") or p.get("blocks") or p.get("attachments")):
            return _error("no_text")
        ts = self._store_message(p["channel"], p)
        return _ok(channel=p["channel"], ts=ts, message=self._messages[(p["channel"], ts)])

    def _chat_update(self, p: Json) -> Json:
        key = (p.get("channel", ""), p.get("ts", ""))
        if key not in self._messages:
            return _error("message_not_found")
        changes = {k: p[k] for k in ("text", "blocks", "attachments", "metadata") if k in p}
        message = self._messages[key] = self._messages[key] | changes | {"edited": {"user": self.bot_user_id}}
        return _ok(channel=key[0], ts=key[1], text=message.get("text", ""), message=message)

    def _chat_post_ephemeral(self, p: Json) -> Json:
        if not p.get("channel"):
            return _error("channel_not_found")
        if not p.get("user"):
            return _error("user_not_in_channel")
        return _ok(message_ts=self._next_ts())

    def _chat_get_permalink(self, p: Json) -> Json:
        channel, ts = p.get("channel"), p.get("message_ts")
        if not channel or not ts:
            return _error("message_not_found")
        permalink = f"https://acme.slack.com/archives/{channel}/p{ts.replace('.', '')}"
        thread_ts = self._messages.get((channel, ts), {}).get("thread_ts")
        if thread_ts:
            permalink += f"?thread_ts={thread_ts}&cid={channel}"
        return _ok(channel=channel, permalink=permalink)

    def _reactions_add(self, p: Json) -> Json:
        key = (p.get("channel", ""), p.get("timestamp", ""), p.get("name", ""))
        if not all(key):
            return _error("no_item_specified")
        if key in self._reactions:
            return _error("already_reacted")
        self._reactions.add(key)
        return _ok()

    def _user(self, id: str, display_name: str = "", real_name: str = "") -> Json:
        real_name = real_name or f"User {id}"
        profile = {
            "display_name": display_name,
            "display_name_normalized": display_name,
            "real_name": real_name,
            "real_name_normalized": real_name,
            "team": self.team_id,
        }
        return {
            "id": id,
            "team_id": self.team_id,
            "name": (display_name or id).lower(),
            "deleted": False,
            "real_name": real_name,
            "tz": "Asia/Dubai",
            "is_bot": False,
            "profile": profile,
        }

    def _users_info(self, p: Json) -> Json:
        if not p.get("user"):
            return _error("user_not_found")
        return _ok(user=self._users.get(p["user"]) or self._user(p["user"]))

    def _channel(self, id: str, name: str) -> Json:
        return {
            "id": id,
            "name": name,
            "name_normalized": name,
            "is_channel": True,
            "is_private": False,
            "is_archived": False,
            "is_member": True,
            "context_team_id": self.team_id,
        }

    def _conversations_info(self, p: Json) -> Json:
        if not p.get("channel"):
            return _error("channel_not_found")
        channel = p["channel"]
        return _ok(channel=self._channels.get(channel) or self._channel(channel, channel.lower()))

    def _conversations_members(self, p: Json) -> Json:
        """Pages of `limit` (default 100) ids; the cursor is the next offset, base64-encoded like Slack's."""
        if not p.get("channel"):
            return _error("channel_not_found")
        members = self._members.get(p["channel"], [])
        try:
            limit = int(p.get("limit") or 100)
            start = int(base64.b64decode(p["cursor"]).decode().removeprefix("offset:")) if p.get("cursor") else 0
        except ValueError:
            return _error("invalid_cursor")
        end = start + max(limit, 1)
        next_cursor = base64.b64encode(f"offset:{end}".encode()).decode() if end < len(members) else ""
        return _ok(members=members[start:end], response_metadata={"next_cursor": next_cursor})

    def _view(self, p: Json, required: str) -> Json:
        if not p.get(required) or not isinstance(p.get("view"), dict):
            return _error("invalid_arguments")
        self._seq += 1
        view = {"id": f"V0VIEW{self._seq:05d}", "team_id": self.team_id, "hash": f"{self._seq}.abc"}
        return _ok(view=view | p["view"])

    def _views_open(self, p: Json) -> Json:
        return self._view(p, "trigger_id")

    def _views_update(self, p: Json) -> Json:
        return self._view(p, "view_id")

    def _views_publish(self, p: Json) -> Json:
        return self._view(p, "user_id")

    def _files_get_upload_url_external(self, p: Json) -> Json:
        if not p.get("filename") or not p.get("length"):
            return _error("invalid_arguments")
        number = len(self._files) + 1
        while f"F0FILE{number:05d}" in self._files:  # skip ids taken by add_file
            number += 1
        file_id = f"F0FILE{number:05d}"
        self._files[file_id] = {"filename": p["filename"], "content": None}
        return _ok(upload_url=f"{self.base_url}/upload/{file_id}", file_id=file_id)

    @staticmethod
    def _mimetype(file: Json) -> str:
        return file.get("mimetype") or mimetypes.guess_type(file["filename"])[0] or "application/octet-stream"

    def _file_object(self, file_id: str) -> Json:
        file = self._files[file_id]
        name, content = file["filename"], file["content"]
        url = f"{self.base_url}/files-pri/{self.team_id}-{file_id}"
        mimetype = self._mimetype(file)
        return {
            "id": file_id,
            "created": 1716400160,
            "timestamp": 1716400160,
            "name": name,
            "title": name,
            "mimetype": mimetype,
            "filetype": name.rsplit(".", 1)[-1] if "." in name else "binary",
            "user": "U0AGENT01",
            "user_team": self.team_id,
            "size": len(content or b""),
            "mode": "hosted",
            "is_external": False,
            "is_public": True,
            "url_private": f"{url}/{quote(name)}",
            "url_private_download": f"{url}/download/{quote(name)}",
            "permalink": f"https://acme.slack.com/files/U0AGENT01/{file_id}/{quote(name)}",
        } | file.get("fields", {})

    def _files_info(self, p: Json) -> Json:
        file = self._files.get(p.get("file") or "")
        if file is None or file["content"] is None:
            return _error("file_not_found")
        return _ok(file=self._file_object(p["file"]), comments=[], response_metadata={"next_cursor": ""})

    def _files_complete_upload_external(self, p: Json) -> Json:
        files = p.get("files")
        if not isinstance(files, list) or not files:
            return _error("invalid_arguments")
        if any(self._files.get(f.get("id"), {}).get("content") is None for f in files):
            return _error("file_not_found")
        answer = []
        for f in files:
            stored = self._files[f["id"]]
            upload = Upload(
                file_id=f["id"],
                filename=stored["filename"],
                title=f.get("title"),
                content=stored["content"],
                channel_id=p.get("channel_id"),
                thread_ts=p.get("thread_ts"),
                initial_comment=p.get("initial_comment"),
                at=time.time(),
            )
            self._uploads.append(upload)
            title = f.get("title") or stored["filename"]
            answer.append(
                {"id": f["id"], "title": title, "name": stored["filename"], "size": len(upload.content)}
            )
        return _ok(files=answer)

    _methods: dict[str, Callable[[Any, Json], Json]] = {
        "auth.test": _auth_test,
        "chat.postMessage": _chat_post_message,
        "chat.update": _chat_update,
        "chat.postEphemeral": _chat_post_ephemeral,
        "chat.getPermalink": _chat_get_permalink,
        "reactions.add": _reactions_add,
        "users.info": _users_info,
        "conversations.info": _conversations_info,
        "conversations.members": _conversations_members,
        "conversations.history": conversations_history,
        "conversations.replies": conversations_replies,
        "chat.delete": chat_delete,
        "files.delete": files_delete,
        "views.open": _views_open,
        "views.update": _views_update,
        "views.publish": _views_publish,
        "files.getUploadURLExternal": _files_get_upload_url_external,
        "files.completeUploadExternal": _files_complete_upload_external,
        "files.info": _files_info,
    }

