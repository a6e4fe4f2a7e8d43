"""PyTorch: an IterableDataset over a dataset version's shards, split-aware and worker-sharded."""

import os

import torch.utils.data

from imagelake.datasets import decode, read_shard, version_path


class ShardDataset(torch.utils.data.IterableDataset):
    """The samples of one split of a published dataset version, streamed from its shards.

    Shards are dealt out among everything that reads at once: DataLoader workers, and, under
    ``torch.distributed`` (the ``RANK`` and ``WORLD_SIZE`` environment variables), processes. Each
    reader takes every n-th shard of the split, so each sample is read exactly once per epoch.
    Shards are fetched through their stable URLs, each when its turn comes, so a long epoch never
    meets an expired link; ``directory`` reads a version downloaded by
    :func:`imagelake.download_version` instead. Samples follow WebDataset's conventions (see
    :func:`imagelake.read_shard`); ``decoded=True`` gives the caption as text and the manifest line
    as a dict, and ``transform`` is applied to each sample.
    """

    def __init__(self, client, name, version, split="train", directory=None, decoded=True, transform=None):
        super().__init__()
        described = client.get_json(version_path(name, version))
        self.client = client
        self.shards = [shard for shard in described["shards"] if shard["split"] == split]
        self.directory = directory
        self.decoded = decoded
        self.transform = transform

    def shards_for_this_reader(self):
        worker = torch.utils.data.get_worker_info()
        workers, worker_id = (1, 0) if worker is None else (worker.num_workers, worker.id)
        world, rank = int(os.environ.get("WORLD_SIZE", "1")), int(os.environ.get("RANK", "0"))
        readers, reader = world * workers, rank * workers + worker_id
        return self.shards[reader::readers]

    def __iter__(self):
        for shard in self.shards_for_this_reader():
            if self.directory is not None:
                stream = open(os.path.join(self.directory, shard["name"]), "rb")
            else:
                stream = self.client.open(shard["url"])
            with stream:
                for sample in read_shard(stream, url=shard["url"]):
                    sample = decode(sample) if self.decoded else sample
                    yield self.transform(sample) if self.transform else sample
