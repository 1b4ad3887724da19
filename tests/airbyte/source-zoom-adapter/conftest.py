"""The CDK's pytest hooks (scenarios from acceptance-test-config.yml)."""

pytest_plugins = ["airbyte_cdk.test.standard_tests.pytest_hooks"]


def pytest_configure(config):
    """The mark the CDK's hooks put on scenarios that need credentials."""
    config.addinivalue_line("markers", "requires_creds: the scenario needs real credentials")
