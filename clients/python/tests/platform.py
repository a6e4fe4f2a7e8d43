"""What the tests against a running platform are given (PlatformIT sets it): none of it, no such test."""

import os
import unittest

from imagelake import Client


def configured():
    """The platform's client and the published dataset version the tests read, or a skip."""
    url = os.environ.get("IMAGELAKE_URL")
    if not url:
        raise unittest.SkipTest("IMAGELAKE_URL is not set: no platform to test against")
    client = Client(url, os.environ["IMAGELAKE_API_KEY"])
    return client, os.environ["IMAGELAKE_DATASET"], int(os.environ["IMAGELAKE_VERSION"])
