"""A CDK `Source` that runs an executable speaking the Airbyte protocol.

Airbyte's standard connector tests (`airbyte_cdk.test.standard_tests`) run
against a `Source` object in-process. This proxy makes them test the
`zoom-adapter airbyte` binary instead: each verb writes its inputs to files,
runs `$ZOOM_ADAPTER_BIN airbyte VERB --config … --catalog … --state …`, and
passes on every message the binary wrote, parsed by the CDK's own
serializers (so a message the protocol does not allow fails the test).
The catalog and state go to the binary exactly as the test wrote them: a bad
catalog is the binary's to refuse, not the CDK's.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import tempfile
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from airbyte_cdk.models import (
    AirbyteCatalog,
    AirbyteConnectionStatus,
    AirbyteMessage,
    AirbyteMessageSerializer,
    ConnectorSpecification,
    FailureType,
    Type,
)
from airbyte_cdk.sources import Source
from airbyte_cdk.utils.traced_exception import AirbyteTracedException


def _binary() -> str:
    path = os.environ.get("ZOOM_ADAPTER_BIN")
    if not path:
        raise RuntimeError("set ZOOM_ADAPTER_BIN to the zoom-adapter binary")
    return path


class ZoomAdapterSource(Source):
    """`zoom-adapter airbyte`, verb by verb."""

    def __init__(self) -> None:
        self._spec: ConnectorSpecification | None = None

    # --- running the binary ------------------------------------------------

    def _messages(
        self, verb: str, inputs: Mapping[str, Any], logger: logging.Logger
    ) -> Iterator[AirbyteMessage]:
        """Runs one verb; yields its messages; raises when it failed silently."""
        with tempfile.TemporaryDirectory() as work:
            args = [_binary(), "airbyte", verb]
            for flag, value in inputs.items():
                path = Path(work) / f"{flag}.json"
                path.write_text(json.dumps(value))
                args += [f"--{flag}", str(path)]
            with tempfile.TemporaryFile(mode="w+") as stderr:
                process = subprocess.Popen(
                    args, stdout=subprocess.PIPE, stderr=stderr, text=True
                )
                traced_error = False
                assert process.stdout is not None
                for line in process.stdout:
                    if not line.strip():
                        continue
                    message = AirbyteMessageSerializer.load(json.loads(line))
                    if (
                        message.type == Type.TRACE
                        and message.trace is not None
                        and message.trace.error is not None
                    ):
                        traced_error = True
                    yield message
                code = process.wait()
                stderr.seek(0)
                for line in stderr.read().splitlines():
                    logger.info("zoom-adapter stderr: %s", line)
            if code != 0 and not traced_error:
                raise AirbyteTracedException(
                    message=f"zoom-adapter airbyte {verb} exited {code} without a TRACE error",
                    failure_type=FailureType.system_error,
                )

    @staticmethod
    def _raise_traced(messages: list[AirbyteMessage], verb: str) -> None:
        for message in messages:
            if message.type == Type.TRACE and message.trace and message.trace.error:
                error = message.trace.error
                raise AirbyteTracedException(
                    internal_message=error.internal_message,
                    message=error.message,
                    failure_type=error.failure_type or FailureType.system_error,
                )
        raise AirbyteTracedException(
            message=f"zoom-adapter airbyte {verb} wrote no answer",
            failure_type=FailureType.system_error,
        )

    @staticmethod
    def _log(messages: list[AirbyteMessage], logger: logging.Logger) -> None:
        for message in messages:
            if message.type == Type.LOG and message.log is not None:
                logger.info(message.log.message)

    # --- the Source interface ----------------------------------------------

    def spec(self, logger: logging.Logger) -> ConnectorSpecification:
        if self._spec is None:
            messages = list(self._messages("spec", {}, logger))
            specs = [m.spec for m in messages if m.type == Type.SPEC and m.spec]
            if len(specs) != 1:
                self._raise_traced(messages, "spec")
            self._spec = specs[0]
        return self._spec

    def check(self, logger: logging.Logger, config: Mapping[str, Any]) -> AirbyteConnectionStatus:
        messages = list(self._messages("check", {"config": dict(config)}, logger))
        self._log(messages, logger)
        statuses = [
            m.connectionStatus
            for m in messages
            if m.type == Type.CONNECTION_STATUS and m.connectionStatus
        ]
        if len(statuses) != 1:
            self._raise_traced(messages, "check")
        return statuses[0]

    def discover(self, logger: logging.Logger, config: Mapping[str, Any]) -> AirbyteCatalog:
        messages = list(self._messages("discover", {"config": dict(config)}, logger))
        self._log(messages, logger)
        catalogs = [m.catalog for m in messages if m.type == Type.CATALOG and m.catalog]
        if len(catalogs) != 1:
            self._raise_traced(messages, "discover")
        return catalogs[0]

    # The binary reads the catalog and the state itself.
    @classmethod
    def read_catalog(cls, catalog_path: str) -> Any:  # type: ignore[override]
        return json.loads(Path(catalog_path).read_text())

    @classmethod
    def read_state(cls, state_path: str) -> Any:  # type: ignore[override]
        return json.loads(Path(state_path).read_text()) if state_path else None

    def read(
        self,
        logger: logging.Logger,
        config: Mapping[str, Any],
        catalog: Any,
        state: Any = None,
    ) -> Iterable[AirbyteMessage]:
        inputs: dict[str, Any] = {"config": dict(config), "catalog": catalog}
        if state:
            inputs["state"] = state
        yield from self._messages("read", inputs, logger)
