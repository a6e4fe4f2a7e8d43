"""Dataset versions: download with SHA-256 checks, and the samples of a WebDataset shard."""

import hashlib
import json
import os
import tarfile

SPLITS = ("train", "validation", "test")


class ChecksumError(Exception):
    """A downloaded file whose SHA-256 is not the one the version states."""


def version_path(name, version):
    return f"/api/v1/datasets/{name}/versions/{version}"


def download_version(client, name, version, directory, splits=SPLITS):
    """Downloads a published version's shards of ``splits``, its manifest and its Croissant card.

    Each file is written beside its final name, checked against the SHA-256 the version states, and
    only then renamed into place; a file already there with the right digest is kept, so an
    interrupted download resumes. Raises :class:`ChecksumError` on a mismatch (nothing is left
    under the final name). Returns the version's description, as the API gives it.
    """
    described = client.get_json(version_path(name, version))
    os.makedirs(directory, exist_ok=True)
    files = [(shard["name"], shard["url"], shard["sha256"]) for shard in described["shards"] if shard["split"] in splits]
    files.append(("manifest.jsonl", described["manifest"]["url"], described["manifest"]["sha256"]))
    if described.get("card"):
        files.append(("croissant.json", described["card"]["url"], described["card"]["sha256"]))
    for file_name, url, sha256 in files:
        target = os.path.join(directory, file_name)
        if os.path.exists(target) and _sha256_of(target) == sha256:
            continue
        part = target + ".part"
        digest = hashlib.sha256()
        with client.open(url) as source, open(part, "wb") as out:
            for chunk in iter(lambda: source.read(1 << 20), b""):
                digest.update(chunk)
                out.write(chunk)
        if digest.hexdigest() != sha256:
            os.unlink(part)
            raise ChecksumError(f"{file_name}: SHA-256 {digest.hexdigest()}, the version states {sha256}")
        os.replace(part, target)
    return described


def read_shard(stream, url=None):
    """The samples of one WebDataset shard, read as a stream (the tar is never held whole).

    WebDataset's conventions: the files of a sample share a key, the name up to its first dot
    (here the image id), and a sample is a dict of ``__key__``, ``__url__`` and each extension's raw
    bytes (``jpg``, ``txt``, ``json``).
    """
    sample = None
    with tarfile.open(fileobj=stream, mode="r|") as tar:
        for member in tar:
            if not member.isfile():
                continue
            key, _, extension = member.name.partition(".")
            if sample is not None and sample["__key__"] != key:
                yield sample
                sample = None
            if sample is None:
                sample = {"__key__": key, "__url__": url}
            sample[extension] = tar.extractfile(member).read()
    if sample is not None:
        yield sample


def decode(sample):
    """A sample with its caption as text and its manifest line as a dict (the JPEG stays bytes)."""
    decoded = dict(sample)
    if "txt" in decoded:
        decoded["txt"] = decoded["txt"].decode("utf-8")
    if "json" in decoded:
        decoded["json"] = json.loads(decoded["json"])
    return decoded


def _sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
