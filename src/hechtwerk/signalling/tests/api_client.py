"""A test client that calls the API with a persona's personal token."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from hechtwerk.accounts.services import create_api_token


class Api:
    def __init__(self, persona: Any) -> None:
        secret = create_api_token(
            user=persona.user, membership=persona.membership, name="test"
        ).secret
        self.client = Client(headers={"Authorization": f"Bearer {secret}"})

    def get(self, path: str, **query: Any) -> Any:
        return self.client.get(f"/api/v1{path}", query)

    def send(
        self, method: str, path: str, body: Any, content_type: str = "application/json"
    ) -> Any:
        data = body if isinstance(body, (str, bytes)) else json.dumps(body)
        return self.client.generic(method, f"/api/v1{path}", data, content_type=content_type)

    def post(self, path: str, body: Any, content_type: str = "application/json") -> Any:
        return self.send("POST", path, body, content_type)

    def put(self, path: str, body: Any) -> Any:
        return self.send("PUT", path, body)


def fields(response: Any) -> list[str]:
    return [e["field"] for e in response.json()["errors"]]
