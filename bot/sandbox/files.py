"""Files the bot uploaded or users sent, addressable by file_id and downloadable by path."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes
    mime_type: str
    file_name: str | None = None

    def describe(self) -> dict[str, Any]:
        """The fields every Bot API file object shares."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.data),
        }

    def as_file(self) -> dict[str, Any]:
        """The File object getFile returns."""
        return {**self.describe(), "file_path": self.file_path}


class FileStore:
    def __init__(self) -> None:
        self._by_id: dict[str, StoredFile] = {}
        self._by_path: dict[str, StoredFile] = {}

    def add(
        self, data: bytes, *, folder: str, mime_type: str, file_name: str | None = None
    ) -> StoredFile:
        """Keep data under a fresh id; folder mirrors Telegram's paths (documents, photos...)."""
        number = len(self._by_id) + 1
        suffix = mimetypes.guess_extension(mime_type) or ""
        stored = StoredFile(
            file_id=f"SANDBOX-{folder}-{number}",
            file_unique_id=f"u{number}",
            file_path=f"{folder}/file_{number}{suffix}",
            data=data,
            mime_type=mime_type,
            file_name=file_name,
        )
        self._by_id[stored.file_id] = stored
        self._by_path[stored.file_path] = stored
        return stored

    def by_id(self, file_id: str) -> StoredFile | None:
        return self._by_id.get(file_id)

    def by_path(self, file_path: str) -> StoredFile | None:
        return self._by_path.get(file_path)
