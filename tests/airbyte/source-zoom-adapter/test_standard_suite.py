"""Airbyte's standard source tests against `zoom-adapter airbyte`.

The scenarios are in acceptance-test-config.yml; `.ci/airbyte` writes the
configs (`secrets/`) for a running zoom-sim and runs this file with pytest,
the Docker tests deselected (no Docker engine runs in CI).
"""

from airbyte_cdk.test.standard_tests import SourceTestSuiteBase

from executable_source import ZoomAdapterSource


class TestZoomAdapterSource(SourceTestSuiteBase):
    connector = ZoomAdapterSource
