"""ImageLake's Python client for ML trainers: the gold feed, dataset versions, and PyTorch.

Standard library only; ``imagelake.training`` needs ``torch``.

    from imagelake import Client, FeedIterator, download_version
    client = Client("http://127.0.0.1:8080", api_key="...")
"""

from imagelake.client import ApiError, Client
from imagelake.datasets import ChecksumError, download_version, read_shard
from imagelake.feed import FeedIterator

__all__ = ["ApiError", "ChecksumError", "Client", "FeedIterator", "download_version", "read_shard"]
__version__ = "0.1.0"
